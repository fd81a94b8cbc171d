"""The words dates are written with, as data: month and weekday names, time-zone names,
update labels, eras and digits. `dates` builds its patterns from them.

Names are lower case (they are matched regardless of case, but for zone abbreviations);
a name of two words is written with "_" ("كانون_الثاني"), as a line splits on spaces.
"""

from __future__ import annotations

from typing import Final

__all__ = [
    "ERAS",
    "HALVES_AFTER",
    "HALVES_BEFORE",
    "LOCAL_DIGITS",
    "MONTHS",
    "MONTHS_AFTER_DAY",
    "UPDATE_LABELS",
    "WEEKDAYS",
    "WEEKDAY_SIGNS",
    "WRITTEN_ZONES",
    "YEAR_WORDS",
    "ZONE_HOURS",
    "ZONE_NAMES",
]

# Per month, its names as dates write them, before or after the day: English, German,
# French, Spanish, Italian, Portuguese, Dutch, the Nordic languages and Polish.
MONTHS: Final = {
    1: "january jan januar jänner jän janvier enero ene gennaio gen janeiro januari stycznia",
    2: "february feb februar février fevrier fév fev febrero febbraio fevereiro februari lutego",
    3: "march mar märz maerz mär mrz mrt mars marzo março maart marca",
    4: "april apr avril avr abril abr aprile kwietnia",
    5: "may mai mayo maggio mag maio mei maj maja",
    6: "june jun juni juin junio giugno giu junho czerwca",
    7: "july jul juli juillet juil julio luglio lug julho lipca",
    8: "august aug août aout aoû agosto ago augustus augusti sierpnia",
    9: "september sep sept septembre septiembre setiembre settembre setembro set września",
    10: "october oct oktober okt octobre octubre ottobre ott outubro out października",
    11: "november nov novembre noviembre novembro listopada",
    12: "december dec dezember dez décembre decembre déc diciembre dicembre dezembro desember"
    " grudnia",
}
# Names read only after the day ("27 ноября 2026"), or after the year in Hungarian
# ("2026. november 27."): Indonesian; Czech, Slovak, Croatian, Slovenian, Serbian, Russian,
# Ukrainian and Greek in the genitive, and abbreviated ("нояб.", "лист.", "Νοε"); Turkish,
# Romanian, Hungarian, Finnish, Bulgarian, Hindi, Hebrew (also after its "in", ב:
# "12 במרץ 2024"); Arabic as Egypt and the Gulf, the Levant and Iraq ("تشرين الثاني") and
# the Maghreb ("نونبر", "جانفي") name the months, and Persian. Apart, as a search for a
# name before the day tries every word, and these start with twice as many letters.
# (Croatian "listopada" is October, but Polish, far more often read here, writes November
# so.)
MONTHS_AFTER_DAY: Final = {
    1: "ledna januára januarja januara siječnja января янв січня січ ιανουαρίου ιαν ocak"
    " ianuarie január tammikuuta януари يناير كانون_الثاني جانفي ژانویه"
    " जनवरी ינואר בינואר",
    2: "února februára februarja februara veljače февраля фев февр лютого лют φεβρουαρίου φεβ"
    " şubat februarie február helmikuuta февруари فبراير شباط فيفري فوریه"
    " फ़रवरी फरवरी פברואר בפברואר",
    3: "maret března marta ožujka марта мар березня бер μαρτίου μαρ mart martie március"
    " maaliskuuta март مارس آذار"
    " मार्च מרץ במרץ",
    4: "dubna apríla aprila travnja апреля апр квітня квіт απριλίου απρ nisan aprilie április"
    " huhtikuuta април أبريل ابريل إبريل نيسان أفريل آوریل"
    " अप्रैल אפריל באפריל",
    5: "května mája svibnja мая травня трав μαΐου μαϊου μαΐ mayıs mayis május toukokuuta май"
    " مايو أيار ماي مه"
    " मई מאי במאי",
    6: "června júna junija juna lipnja июня июн червня черв ιουνίου ιουν haziran iunie június"
    " kesäkuuta юни يونيو يونيه حزيران جوان ژوئن"
    " जून יוני ביוני",
    7: "července júla julija jula srpnja июля июл липня лип ιουλίου ιουλ temmuz iulie július"
    " heinäkuuta юли يوليو يوليه تموز يوليوز جويلية ژوئیه"
    " जुलाई יולי ביולי",
    8: "agustus srpna augusta avgusta kolovoza августа авг серпня серп αυγούστου αυγ ağustos"
    " augusztus elokuuta август أغسطس اغسطس آب غشت أوت اوت"
    " अगस्त אוגוסט באוגוסט",
    9: "září septembra rujna сентября сен сент вересня вер σεπτεμβρίου σεπ σεπτ eylül"
    " septembrie szeptember syyskuuta септември سبتمبر أيلول شتنبر سپتامبر"
    " सितंबर सितम्बर ספטמבר בספטמבר",
    10: "října októbra oktobra октября окт жовтня жовт οκτωβρίου οκτ ekim octombrie október"
    " lokakuuta октомври أكتوبر اكتوبر تشرين_الأول اکتبر"
    " अक्टूबर अक्तूबर אוקטובר באוקטובר",
    11: "listopadu novembra studenoga studenog ноября нояб ноя листопада лист νοεμβρίου νοε"
    " kasım kasim noiembrie marraskuuta ноември نوفمبر تشرين_الثاني نونبر نوامبر"
    " नवंबर नवम्बर נובמבר בנובמבר",
    12: "prosince decembra prosinca декабря дек грудня груд δεκεμβρίου δεκ aralık aralik"
    " decembrie joulukuuta декември ديسمبر كانون_الأول دجنبر دسامبر"
    " दिसंबर दिसम्बर דצמבר בדצמבר",
}

# Weekdays as pages print them between a date and its time ("27 Kasım 2026 Cuma 14:05",
# "27 ноября 2026 (пятница), 14:05"): English, German, French, Spanish, Italian,
# Portuguese, Dutch, Polish, Czech, Russian, Ukrainian, Turkish, Greek, Arabic, Hindi,
# Korean and Chinese.
WEEKDAYS: Final = (
    "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur"
    " thurs fri sat sun montag dienstag mittwoch donnerstag freitag samstag sonnabend sonntag"
    " lundi mardi mercredi jeudi vendredi samedi dimanche"
    " lunes martes miércoles jueves viernes sábado domingo"
    " lunedì martedì mercoledì giovedì venerdì sabato domenica"
    " segunda-feira terça-feira quarta-feira quinta-feira sexta-feira"
    " maandag dinsdag woensdag donderdag vrijdag zaterdag zondag"
    " poniedziałek wtorek środa czwartek piątek sobota niedziela"
    " pondělí úterý středa čtvrtek pátek neděle"
    " понедельник вторник среда четверг пятница суббота воскресенье"
    " понеділок вівторок середа четвер п'ятниця п’ятниця субота неділя"
    " pazartesi salı çarşamba perşembe cuma cumartesi pazar"
    " δευτέρα τρίτη τετάρτη πέμπτη παρασκευή σάββατο κυριακή"
    " الاثنين الإثنين الثلاثاء الأربعاء الخميس الجمعة السبت الأحد"
    " सोमवार मंगलवार बुधवार गुरुवार शुक्रवार शनिवार रविवार"
    " 월요일 화요일 수요일 목요일 금요일 토요일 일요일"
    " 星期一 星期二 星期三 星期四 星期五 星期六 星期日 星期天"
    " 週一 週二 週三 週四 週五 週六 週日 周一 周二 周三 周四 周五 周六 周日"
)
# The one sign Japanese, Korean and Chinese print a weekday as, in brackets: "(金)", "(금)",
# "(五)".
WEEKDAY_SIGNS: Final = "月火水木金土日월화수목금토일一二三四五六天"

# Words after a year: "27 нояб. 2026 г., 14:05", "27 листопада 2026 р., 14:05", and
# Arabic's Gregorian sign, written on the year ("27 نوفمبر 2026م - 02:05 م").
YEAR_WORDS: Final = ("г.", "р.", "года", "року", "م")

# The half of the day, written before the hour in Korean, Japanese and Chinese ("오후
# 3:05"), after it in Arabic ("02:05 م"), as "a.m." and "p.m." are.
HALVES_BEFORE: Final = {
    "오전": "am",
    "오후": "pm",
    "午前": "am",
    "午後": "pm",
    "上午": "am",
    "下午": "pm",
}
HALVES_AFTER: Final = {
    "ص": "am",
    "صباحا": "am",
    "صباحاً": "am",
    "م": "pm",
    "مساء": "pm",
    "مساءً": "pm",
}

# Fixed offsets for the abbreviations newsrooms print; ambiguous ones take the news reading.
ZONE_HOURS: Final = {
    "UTC": 0, "GMT": 0, "Z": 0, "WET": 0, "WEST": 1, "BST": 1, "IST": 5.5, "CET": 1,
    "CEST": 2, "MEZ": 1, "MESZ": 2, "EET": 2, "EEST": 3, "MSK": 3, "МСК": 3, "TSİ": 3,
    "TSI": 3, "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8,
    "PDT": -7, "AKST": -9, "AKDT": -8, "HST": -10, "JST": 9, "KST": 9, "HKT": 8, "SGT": 8,
    "PHT": 8, "WIB": 7, "AEST": 10, "AEDT": 11, "ACST": 9.5, "AWST": 8, "NZST": 12,
    "NZDT": 13, "SAST": 2, "CAT": 2, "EAT": 3, "WAT": 1, "PKT": 5,
}  # fmt: skip
# Abbreviations whose offset depends on daylight saving: resolved with the date.
ZONE_NAMES: Final = {"ET": "America/New_York", "CT": "America/Chicago", "PT": "America/Los_Angeles"}
# Zones written out, in any case: a fixed offset, or a place whose clocks change.
WRITTEN_ZONES: dict[str, float | str] = {
    "мск": 3, "по московскому времени": 3, "türkiye saati": 3,
    "بتوقيت مكة المكرمة": 3, "بتوقيت مكة": 3, "بتوقيت السعودية": 3, "بتوقيت الرياض": 3,
    "بتوقيت الدوحة": 3, "بتوقيت الإمارات": 4, "بتوقيت أبوظبي": 4, "بتوقيت غرينتش": 0,
    "بتوقيت جرينتش": 0, "بتوقيت القاهرة": "Africa/Cairo", "بتوقيت مصر": "Africa/Cairo",
    "بتوقيت بيروت": "Asia/Beirut", "hora argentina": -3, "hora de argentina": -3,
    "hora de brasília": "America/Sao_Paulo", "horário de brasília": "America/Sao_Paulo",
    "hora peninsular": "Europe/Madrid", "hora de la ciudad de méxico": "America/Mexico_City",
}  # fmt: skip

# The labels an update's date follows: "Updated:", "Aktualisiert am", "Dernière mise à
# jour :", "Güncelleme Tarihi:", "تاريخ التحديث:".
UPDATE_LABELS: Final = (
    "updated", "modified", "aktualisiert", "geändert", "mis à jour", "mise à jour",
    "actualizado", "actualización", "modificación", "aggiornato", "aggiornamento",
    "atualizado", "atualização", "modifica", "modificat", "modificato", "modificata",
    "bijgewerkt",
    "gewijzigd", "uppdaterad", "uppdaterat", "oppdatert", "opdateret", "aktualizacja",
    "zaktualizowano", "aktualizováno", "aktualizace", "modifié", "aktualizované",
    "обновлено", "обновлена", "обновлен", "обновления", "изменено", "оновлено", "оновлення",
    "güncelleme tarihi", "güncelleme", "güncellendi", "diperbarui", "actualizat",
    "päivitetty", "frissítve", "frissítés", "ενημερώθηκε", "ενημέρωση", "تحديث", "עודכן לאחרונה",
    "עודכן", "روزرسانی", "अपडेटेड", "अपडेट", "更新", "수정", "업데이트", "cập nhật",
)  # fmt: skip

# Japanese eras, by the year before their first: "令和8年" is 2026, "令和元年" 2019.
ERAS: Final = {"令和": 2018, "平成": 1988}

# Eastern Arabic and Persian digits, from 0 to 9, read as ASCII ones ("٢٧/١١/٢٠٢٦", "۱۴:۰۵").
LOCAL_DIGITS: Final = "٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹"
