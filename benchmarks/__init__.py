"""Speed and start-up benchmarks of the Space against a bare Gradio app: `python -m benchmarks.run`."""
