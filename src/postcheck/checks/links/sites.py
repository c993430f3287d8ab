"""How a site's root-relative routes (``/about``, ``/docs/intro``) map to files in the repository.

Without ``links.site``, a route is a path under ``links.site_root`` (``/about`` is
``about.md``, ``about.html`` or ``about/index.md``). With a generator named, its conventions:

- **hugo**: pages under ``content/`` (``_index.md`` for sections), files under ``static/``.
- **jekyll**: pages at the site's root, posts in ``_posts/`` served at ``/YYYY/MM/DD/title/``.
- **docusaurus**: ``docs/`` and ``blog/`` at the root (posts at ``/blog/YYYY/MM/DD/title``),
  pages under ``src/pages/``, files under ``static/``.
- **astro**: pages under ``src/pages/``, content under ``src/content/``, files under ``public/``.
- **next**: ``app/`` (``page.tsx``) and ``pages/`` (also under ``src/``), files under ``public/``.

A route that falls under a dynamic segment (``[slug].astro``, ``app/blog/[slug]/page.tsx``)
may exist whatever its name: it is never reported missing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

MARKUP = (".md", ".mdx", ".markdown", ".html")
SCRIPTS = (".js", ".jsx", ".ts", ".tsx")
DEFAULT_INDEX = ("index.md", "index.mdx", "README.md", "_index.md", "index.html")


@dataclass(frozen=True)
class SiteLayout:
    """Where a route's file may be: each root, with these extensions or index files."""

    roots: tuple[Path, ...]
    extensions: tuple[str, ...] = (".md", ".mdx", ".html")
    index_names: tuple[str, ...] = DEFAULT_INDEX
    #: Route folder → file folder for dated posts (``/blog/2024/01/02/x`` → ``blog/2024-01-02-x``).
    dated_posts: dict[str, str] = field(default_factory=dict)

    def candidates(self, route: str) -> list[Path]:
        """Every file that could serve ``route`` (a path starting with ``/``), in order."""
        relative = route.strip("/")
        # A generator renders about.md as about.html: the link may name either.
        stems = [relative, relative.removesuffix(".html")] if relative.endswith(".html") else [relative]
        found: list[Path] = []
        for root in self.roots:
            for stem in stems:
                base = root / stem
                if stem:
                    found += [] if route.endswith("/") else [base]
                    found += [base.with_name(base.name + ext) for ext in self.extensions]
                found += [base / name for name in self.index_names]
        return found + self._post_files(relative)

    def _post_files(self, relative: str) -> list[Path]:
        """``…/YYYY/MM/DD/title(.html)`` as a dated post file (Jekyll, Docusaurus blogs)."""
        parts = relative.split("/")
        if len(parts) < 4 or not all(p.isdigit() for p in parts[-4:-1]):
            return []
        year, month, day, title = parts[-4:]
        title = title.removesuffix(".html")
        prefix = "/".join(parts[:-4])
        folder = self.dated_posts.get(prefix) or self.dated_posts.get("*")
        if folder is None:
            return []
        stem = self.roots[0] / folder / f"{year}-{month}-{day}-{title}"
        return [stem.with_name(stem.name + ext) for ext in self.extensions] + [stem / name for name in self.index_names]

    def dynamic(self, route: str) -> Path | None:
        """A dynamic route file (``[slug]``, ``[...path]``) that serves ``route``, if any."""
        parts = [part for part in route.strip("/").split("/") if part]
        for root in self.roots:
            folder = root
            for part in parts:
                dynamic = next((entry for entry in _entries(folder) if entry.name.startswith("[")), None)
                if dynamic is not None:
                    return dynamic
                folder = folder / part
        return None


def _entries(folder: Path) -> list[Path]:
    try:
        return sorted(folder.iterdir()) if folder.is_dir() else []
    except OSError:
        return []


def _preset(name: str, base: Path) -> SiteLayout:
    script_index = tuple(f"index{ext}" for ext in SCRIPTS)
    if name == "hugo":
        return SiteLayout((base / "content", base / "static"), (".md", ".markdown", ".html"), ("_index.md", "index.md", "index.html"))
    if name == "jekyll":
        return SiteLayout((base,), (".md", ".markdown", ".html"), ("index.md", "index.markdown", "index.html"), {"*": "_posts"})
    if name == "docusaurus":
        roots = (base, base / "src" / "pages", base / "static")
        return SiteLayout(roots, (".md", ".mdx", *SCRIPTS), ("index.md", "index.mdx", "README.md", *script_index), {"blog": "blog"})
    if name == "astro":
        roots = (base / "src" / "pages", base / "src" / "content", base / "public")
        return SiteLayout(roots, (".astro", *MARKUP), ("index.astro", "index.md", "index.mdx", "index.html"))
    roots = tuple(base / prefix / folder for prefix in ("", "src") for folder in ("app", "pages")) + (base / "public",)
    page = tuple(f"page{ext}" for ext in (*SCRIPTS, ".mdx", ".md"))
    return SiteLayout(roots, (*SCRIPTS, ".md", ".mdx"), (*page, *script_index, "index.md", "index.mdx"))


def site_layout(project_root: Path, site_root: str | None, site: str | None) -> SiteLayout | None:
    """The layout of the configured site (None: root-relative links are not checked)."""
    if site is None and site_root is None:
        return None
    base = (project_root / site_root).resolve() if site_root else project_root.resolve()
    return _preset(site, base) if site else SiteLayout((base,))
