"""The Gradio user interface: one module per tab, wired to the pure functions in models/."""
