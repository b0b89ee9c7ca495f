"""Everything the Space does with Gradio's internals, listed and checked at start-up (`check`).

Each `Hook` (models/compat.py) names the installed version it was checked against, what it needs,
and the upstream issue it works around. `check()` runs in app.py before the page is built and
fails loudly, naming the hook, if Gradio (or torch, huggingface_hub: models.compat.HOOKS) lacks
something. `python -m space.compat` prints the list. The modules of this package are the hooks;
the component overrides live with their components (space/widgets/components.py).
"""
from __future__ import annotations

from pathlib import Path

from models import compat as models_compat
from models.compat import CompatError, Hook, installed_version  # noqa: F401  (re-exported)

GRADIO = "6.31.0"


def _gradio_init_takes(*names: str):
    """An extra check: BlockFunction objects still get these attributes (they are __init__ arguments)."""
    def check() -> list[str]:
        import inspect

        from gradio.block_function import BlockFunction

        taken = inspect.signature(BlockFunction.__init__).parameters
        return [f"gradio.block_function.BlockFunction no longer takes {name!r}" for name in names if name not in taken]
    return check


def _frontend() -> Path:
    import gradio

    return Path(gradio.__file__).parent / "templates" / "frontend"


def page_css_problems(deep: bool = False) -> list[str]:
    """What space/widgets/style.py styles in Gradio's page and Gradio's stylesheets no longer have.

    `deep` also looks for the data-testid values in Gradio's JavaScript (half a second: tests only).
    """
    from space.widgets import style

    found = []
    assets = _frontend() / "assets"
    stylesheets = "".join(p.read_text(errors="ignore") for p in assets.glob("*.css"))
    found += [f"Gradio's stylesheets have no .{name}" for name in style.GRADIO_CLASSES if f".{name}" not in stylesheets]
    found += [f"Gradio's stylesheets have no {name}" for name in style.GRADIO_VARIABLES if name not in stylesheets]
    fonts = _frontend() / "static" / "fonts" / "SourceSansPro"
    found += [f"Gradio no longer ships {fonts / name}" for name in set(style.FONT_FILES.values())
              if not (fonts / name).is_file()]
    if deep:
        scripts = [p.read_text(errors="ignore") for p in assets.glob("*.js")]
        found += [f'Gradio\'s page has no data-testid="{name}"' for name in style.GRADIO_TEST_IDS
                  if not any(f'data-testid="{name}"' in s for s in scripts)]
    return found


def locale_switch_problems() -> list[str]:
    from space.compat import locale_switch

    return locale_switch.problems(_frontend() / "assets")


HOOKS = (
    Hook(
        name="validate-inputs",
        package="gradio", checked=GRADIO,
        needs=("gradio.blocks:Blocks.validate_inputs", "gradio.blocks:Blocks.preprocess_data"),
        upstream=("gradio-app/gradio#3540: a raw HTTP call with fewer values than the event has inputs is refused, "
                  "though every missing parameter has a default (gradio_client fills them in). Also the one place "
                  "that sees a request's raw values before Gradio copies a file: see uploads-only."),
        used_in="space/compat/validate_inputs.py (wraps the Blocks' validate_inputs)",
        extra=_gradio_init_takes("inputs", "fn", "input_parameter_names"),
    ),
    Hook(
        name="uploads-only",
        package="gradio", checked=GRADIO,
        needs=("gradio.utils:get_upload_folder", "gradio.data_classes:ImageData", "gradio.data_classes:FileData",
               "gradio.blocks:Block.async_move_resource_to_block_cache", "gradio.components:Image.preprocess",
               "gradio.components:Image.data_model"),
        upstream=("gradio-app/gradio#9898 made a FileData payload without `meta` fail validation, but ImageData "
                  "(gr.Image's payload) has no such check: {\"path\": \"/any/file.png\"} without `meta` skips the "
                  "upload-folder check and reaches the component. Also: a URL Gradio refuses to fetch (a private "
                  "address) or a path never uploaded ends the request with an empty error naming nothing."),
        used_in="space/widgets/uploaded_files.py, space/widgets/components.py (ImageValue, ImageInput), "
                "space/compat/gradio_internals.py",
    ),
    Hook(
        name="atomic-cache-writes",
        package="gradio", checked=GRADIO,
        needs=("gradio.processing_utils:save_pil_to_cache", "gradio.processing_utils:encode_pil_to_bytes",
               "gradio.processing_utils:hash_bytes"),
        upstream=("No upstream issue found. As one: save_pil_to_cache writes <cache>/<hash>/image.png with "
                  "write_bytes, truncating it first, so a second request with the same output rewrites the file "
                  "while a client downloads it, which then gets a truncated body. Writing to a temporary file "
                  "and renaming it into place would avoid it."),
        used_in="space/compat/cache_writes.py",
    ),
    Hook(
        name="live-line",
        package="gradio", checked=GRADIO,
        needs=("gradio.queueing:Queue.push", "gradio.queueing:EventQueue", "gradio.queueing:Event",
               "gradio.blocks:Blocks.queue"),
        upstream=("gradio-app/gradio#1862 (a bound on the queue) gave one `max_size` for the whole queue; there is "
                  "no bound per event or per concurrency_id, so long events can take every place. Also: an "
                  "event's validator runs before the event is appended, so a burst of requests is validated "
                  "against the same queue, and an event queued by POST /call whose stream is never opened is "
                  "still run."),
        used_in="space/compat/gradio_internals.py (serialize_pushes, waiting_requests, unread_messages), "
                "space/endpoints/live_line.py",
        extra=_gradio_init_takes("concurrency_id", "validator"),
    ),
    Hook(
        name="time-limits",
        package="gradio", checked=GRADIO,
        needs=("gradio.blocks:Blocks.call_function",),
        upstream=("No upstream issue found. As one: every event listener takes `time_limit`, but it is applied "
                  "to .stream() events only (its docstring says so); a click event's function that never returns "
                  "holds its worker for ever."),
        used_in="space/compat/deadlines.py (wraps each BlockFunction's fn)",
        extra=_gradio_init_takes("fn", "time_limit", "api_name"),
    ),
    Hook(
        name="page-css",
        package="gradio", checked=GRADIO,
        needs=(),
        upstream=("No upstream issue: Gradio's element classes are not a public API. The gallery captions under "
                  "their images, whole galleries without inner scrolling, labels above pictures, wide tables "
                  "scrolling, toasts at the bottom on phones, and the complete font need `!important` rules on "
                  "them (space/widgets/style.py lists the classes)."),
        used_in="space/widgets/style.py",
        extra=page_css_problems,
    ),
)


HOOKS += (
    Hook(
        name="locale-switch",
        package="gradio", checked=GRADIO,
        needs=("gradio.i18n:I18n", "gradio.i18n:I18nData"),
        upstream=("No upstream issue found. As one: gr.I18n picks the page's language from the browser, and only "
                  "the footer's Settings panel can change it; an app cannot offer its own language switch, though "
                  "the front end's changeLocale (exported by its core module) would do it."),
        used_in="space/compat/locale_switch.py (the page script), space/widgets/language.py",
        extra=locale_switch_problems,
    ),
)


HOOKS += (
    Hook(
        name="switch-reactions",
        package="gradio", checked=GRADIO,
        needs=("gradio.block_function:BlockFunction.get_config",),
        upstream=("No upstream issue found. As one: the front end (Blocks' dispatch) runs the listeners of one "
                  "trigger one after another and awaits each to its end, so a dropdown with ten .change listeners "
                  "shows the tenth answer after ten round trips; listeners chained with .then start together. "
                  "space/widgets/stale.py turns the dataset's .change listeners into .then listeners of its one "
                  "emptying event, setting the attributes .then itself sets, and those that draw in one tab into "
                  ".change listeners of that tab's hidden redraw value (the targets a .change listener has)."),
        used_in="space/widgets/stale.py (wire)",
        extra=_gradio_init_takes("targets", "trigger_after", "trigger_only_on_success", "trigger_only_on_failure"),
    ),
)


def sketch_brush_problems() -> list[str]:
    from space.compat import sketch_brush

    return sketch_brush.problems(_frontend() / "assets")


def cache_expiry_problems() -> list[str]:
    from space.compat import cache_expiry

    return cache_expiry.problems()


HOOKS += (
    Hook(
        name="sketch-brush",
        package="gradio", checked=GRADIO,
        needs=("gradio.templates:Sketchpad",),
        upstream=("No upstream issue found. As one: gr.Sketchpad (an ImageEditor with a brush and no image "
                  "sources) opens on the image tool and ignores strokes until the brush is picked; nothing in its "
                  "parameters chooses the tool it opens on."),
        used_in="space/compat/sketch_brush.py (the click), space/tabs/classify.py, space/tabs/reconstruct.py",
        extra=sketch_brush_problems,
    ),
    Hook(
        name="cache-expiry",
        package="gradio", checked=GRADIO,
        needs=("gradio.route_utils:delete_files_created_by_app", "gradio.route_utils:delete_files_on_schedule",
               "gradio.route_utils:_lifespan_handler", "gradio.blocks:Block.move_resource_to_block_cache"),
        upstream=("No upstream issue found. As one: with gr.Blocks(delete_cache=...), delete_files_created_by_app "
                  "iterates over each Block's temp_files set while request threads add to it (its comment says it "
                  "uses a copy; it does not): 'Set changed size during iteration' ends the scheduled sweep for the "
                  "rest of the process. It also keeps deleted files' names in the sets and leaves emptied folders."),
        used_in="space/compat/cache_expiry.py (replaces route_utils.delete_files_created_by_app), app.py (delete_cache)",
        extra=cache_expiry_problems,
    ),
)


def all_hooks() -> tuple[Hook, ...]:
    return (*HOOKS, *models_compat.HOOKS)


def check() -> None:
    """Fails (CompatError) naming every hook whose library lacks what it relies on."""
    models_compat.check(all_hooks())


def report() -> str:
    """One line per hook: its name, the package and the version it was checked against, what is installed."""
    return "\n".join(f"{h.name}: {h.package} {h.checked} (installed {installed_version(h.package)}) - {h.used_in}"
                     for h in all_hooks())
