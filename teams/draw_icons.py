"""Draws the two app icons Teams requires (run once; the PNGs are committed):
color.png, 192x192, full colour; outline.png, 32x32, white on transparent."""

from pathlib import Path

from PIL import Image, ImageDraw

HERE = Path(__file__).parent
RED, WHITE = (176, 58, 46, 255), (255, 255, 255, 255)


def bubble(draw: ImageDraw.ImageDraw, size: int, ink: tuple[int, ...], width: int) -> None:
    """A speech bubble with an exclamation mark: a call that needs following up."""
    s = size / 32
    draw.rounded_rectangle([4 * s, 5 * s, 28 * s, 23 * s], radius=5 * s, outline=ink,
                           width=width)
    draw.polygon([(9 * s, 22 * s), (9 * s, 28 * s), (15 * s, 22 * s)], fill=ink)
    draw.rectangle([15 * s, 8.5 * s, 17 * s, 16 * s], fill=ink)
    draw.rectangle([15 * s, 18 * s, 17 * s, 20 * s], fill=ink)


def main() -> None:
    color = Image.new("RGBA", (192, 192), RED)
    bubble(ImageDraw.Draw(color), 192, WHITE, 10)
    color.convert("RGB").save(HERE / "color.png", optimize=True)
    outline = Image.new("RGBA", (32, 32), (0, 0, 0, 0))
    bubble(ImageDraw.Draw(outline), 32, WHITE, 2)
    outline.save(HERE / "outline.png", optimize=True)


if __name__ == "__main__":
    main()
