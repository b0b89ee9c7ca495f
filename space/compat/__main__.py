"""`python -m space.compat`: every compatibility hook, the version it was checked against, and the check."""
from space.compat import check, page_css_problems, report

print(report())
check()
problems = page_css_problems(deep=True)
print("\n".join(problems) if problems else "all hooks pass on the installed versions (page CSS checked in depth)")
