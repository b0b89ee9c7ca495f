"""Raw HTTP clients written before a parameter was appended send fewer values than the event has
inputs; Gradio refuses such calls. Give the missing trailing inputs their defaults instead, as
gradio_client does on the client side, so appending a parameter keeps every existing call working.
"""
from __future__ import annotations


def install(demo) -> None:
    check = demo.validate_inputs

    def validate_inputs(block_fn, inputs: list) -> None:
        # Gradio checks and then preprocesses this same list: the padded values are used.
        inputs.extend(block.value for block in block_fn.inputs[len(inputs):])
        check(block_fn, inputs)

    demo.validate_inputs = validate_inputs
