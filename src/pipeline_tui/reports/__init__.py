"""Reports as plain strings: text, Markdown, HTML and SankeyMATIC."""
