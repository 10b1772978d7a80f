"""What every server-drawn chart shares: a matplotlib Figure written as SVG with its title and
description inside, so a screen reader has them (the pages give the same numbers as tables)."""

import html
import io

from matplotlib.figure import Figure


def labelled_svg(figure: Figure, title: str, description: str) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None})
    svg = buffer.getvalue()
    start = svg.index("<svg")
    end = svg.index(">", start) + 1
    label = f"<title>{html.escape(title)}</title><desc>{html.escape(description)}</desc>"
    return svg[:end] + label + svg[end:]
