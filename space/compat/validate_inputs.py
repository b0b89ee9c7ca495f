"""Our checks of a request's raw input values, run where Gradio checks them (`Blocks.validate_inputs`), before
Gradio copies any file or preprocesses anything.

- `pad_with_defaults`: raw HTTP clients written before a parameter was appended send fewer values than
  the event has inputs, and Gradio refuses such calls. The missing trailing inputs get their defaults,
  as gradio_client does on the client side, so appending a parameter keeps every existing call working.
- other checks (space.widgets.uploaded_files.refuse_server_paths) raise a gr.Error naming the parameter.
"""
from __future__ import annotations

from typing import Callable

Check = Callable[[object, list], None]  # (Gradio's BlockFunction, the request's input values)


def pad_with_defaults(block_fn, inputs: list) -> None:
    # Gradio checks and then preprocesses this same list: the padded values are used.
    inputs.extend(block.value for block in block_fn.inputs[len(inputs):])


def install(demo, *checks: Check) -> None:
    """Runs `checks` in order on every request's inputs, then Gradio's own check."""
    gradio_check = demo.validate_inputs

    def validate_inputs(block_fn, inputs: list) -> None:
        for check in checks:
            check(block_fn, inputs)
        gradio_check(block_fn, inputs)

    demo.validate_inputs = validate_inputs
