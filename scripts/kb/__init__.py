"""Toolkit of the heroin addiction knowledge base.

Pure, typed functions do the work; :mod:`kb.build.hooks` wires them into MkDocs. A Markdown page
becomes HTML in this order: front matter is validated (:mod:`kb.pages.frontmatter`), shortcodes are
expanded (:mod:`kb.shortcodes`), citations become numbered marks with a reference list
(:mod:`kb.core.citations`), Markdown is rendered by MkDocs, glossary terms and abbreviations are linked in
the HTML (:mod:`kb.glossary.linker`), and the glossary exports are written (:mod:`kb.glossary.exports`).
"""
