from .cli import main

if __name__ == "__main__":  # guarded: extraction workers re-import the main module
    main()
