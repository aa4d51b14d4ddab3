"""Runs every case of one test module in one interpreter and writes each case's outcome as JSON.

Usage: /usr/bin/python3 run_cases.py MODULE OUT.json

Starting Python and importing grpcio costs a few hundred milliseconds: the xunit side runs each module once and
reports each case from this file, so the count and the names still match one xunit case per Python case. Output:
{"test_x": {"passed": true|false, "details": "traceback or empty"}} for every test method, subtests folded into
their method.
"""

import json
import sys
import unittest


class RecordingResult(unittest.TextTestResult):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.outcomes = {}

    def _record(self, test, passed, details=""):
        # A subtest reports under its method: one failing subtest fails the case.
        case = getattr(test, "test_case", test)
        name = case.id().rsplit(".", 1)[-1]
        previous = self.outcomes.get(name, {"passed": True, "details": ""})
        self.outcomes[name] = {
            "passed": previous["passed"] and passed,
            "details": (previous["details"] + "\n" + details).strip(),
        }

    def addSuccess(self, test):
        super().addSuccess(test)
        self._record(test, True)

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self._record(test, False, self._exc_info_to_string(err, test))

    def addError(self, test, err):
        super().addError(test, err)
        self._record(test, False, self._exc_info_to_string(err, test))

    def addSubTest(self, test, subtest, err):
        super().addSubTest(test, subtest, err)
        if err is not None:
            self._record(subtest, False, f"{subtest}: " + self._exc_info_to_string(err, test))

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        # A skip would count as a pass on the xunit side: it fails the case instead.
        self._record(test, False, f"skipped: {reason}")


def main(module, out_path):
    suite = unittest.defaultTestLoader.loadTestsFromName(module)
    runner = unittest.TextTestRunner(resultclass=RecordingResult, verbosity=2, stream=sys.stderr)
    result = runner.run(suite)
    with open(out_path, "w", encoding="utf-8") as f:
        json.dump(result.outcomes, f)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
