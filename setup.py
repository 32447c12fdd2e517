"""Builds the optional C extensions (cleaner/_walk.pyx: the walk and prune; _score.pyx: the
selection's loops; _meta.pyx: metadata's head reading; _pagescan.pyx: the site learner's
scan); everything else is in pyproject.toml.

Without a C compiler or Cython the build goes on without them and cleaner uses its Python
references: same output, about half the speed (see cleaner/blocks.py)."""

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext


class OptionalBuildExt(build_ext):
    def run(self):
        try:
            super().run()
        # A missing or failing compiler raises several kinds of error: any of them only
        # means the Python references are used.
        except Exception as exc:  # noqa: BLE001
            print(f"cleaner: C extensions not built ({exc}); using the Python code")

    def build_extension(self, ext):
        try:
            super().build_extension(ext)
        except Exception as exc:  # noqa: BLE001  (as in run)
            print(f"cleaner: {ext.name} not built ({exc}); using the Python code")


try:
    from Cython.Build import cythonize
    ext_modules = cythonize([Extension("cleaner._walk", ["cleaner/_walk.pyx"]),
                             Extension("cleaner._pagescan", ["cleaner/_pagescan.pyx"]),
                             Extension("cleaner._meta", ["cleaner/_meta.pyx"]),
                             Extension("cleaner._score", ["cleaner/_score.pyx"])],
                            language_level=3, quiet=True)
except Exception:  # noqa: BLE001  (Cython missing or broken: build without the extensions)
    ext_modules = []

setup(ext_modules=ext_modules, cmdclass={"build_ext": OptionalBuildExt})
