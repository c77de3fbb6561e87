"""What the accuracy tests' Python scripts (check_summary.py, synth_data.py)
share: the argument parser whose --help is the script's docstring, with its
required path options."""
import argparse


def parser(doc, *required):
    """An argparse parser described by DOC (kept as written) with a required
    string option --NAME for each NAME of REQUIRED, in that order."""
    ap = argparse.ArgumentParser(description=doc,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    for name in required:
        ap.add_argument("--" + name, required=True)
    return ap
