"""Builds the optional C walk (cleaner/_walk.pyx); everything else is in pyproject.toml.

Without a C compiler or Cython the build goes on without the extension and cleaner uses
its Python walk: same output, about half the speed (see cleaner/blocks.py)."""

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext


class OptionalBuildExt(build_ext):
    def run(self):
        try:
            super().run()
        except Exception as exc:  # no compiler: the pure-Python walk is used
            print(f"cleaner: C walk not built ({exc}); using the Python walk")

    def build_extension(self, ext):
        try:
            super().build_extension(ext)
        except Exception as exc:
            print(f"cleaner: C walk not built ({exc}); using the Python walk")


try:
    from Cython.Build import cythonize
    ext_modules = cythonize([Extension("cleaner._walk", ["cleaner/_walk.pyx"]),
                             Extension("cleaner._pagescan", ["cleaner/_pagescan.pyx"]),
                             Extension("cleaner._meta", ["cleaner/_meta.pyx"]),
                             Extension("cleaner._score", ["cleaner/_score.pyx"])],
                            language_level=3, quiet=True)
except Exception:  # Cython missing: build without the extension
    ext_modules = []

setup(ext_modules=ext_modules, cmdclass={"build_ext": OptionalBuildExt})
