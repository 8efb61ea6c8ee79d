"""``python -m moto_ses_tracking``: the same as ``moto-ses-tracking-server``."""

from .server import main

if __name__ == "__main__":
    main()
