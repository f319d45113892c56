"""The imported plan on disk: plan.yaml and its pictures, written atomically, never over a plan unless asked."""

from __future__ import annotations

from planctl.errors import PlanctlError
from planctl.formats.output import write_bytes_atomic, write_text_atomic
from planctl.importer.run import Result
from planctl.load.yamlsource import display_path
from planctl.messages import t


def write(result: Result, *, force: bool, lang: str) -> None:
    """Write plan.yaml and the images beside it, atomically; never over a plan without force."""
    target = result.target
    folder = target.parent
    if target.exists() and not force:
        raise PlanctlError(t(lang, "import.error.exists"), file=display_path(target))
    if folder.exists() and not folder.is_dir():
        raise PlanctlError(t(lang, "import.error.not-folder"), file=display_path(folder))
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PlanctlError(
            t(lang, "import.error.mkdir", reason=exc.strerror or exc), file=display_path(folder)
        ) from None
    for image in result.images:
        assert image.data is not None
        write_bytes_atomic(folder / image.name, image.data)
    write_text_atomic(target, result.text)
    result.report.output = display_path(target)
    result.report.written = True
