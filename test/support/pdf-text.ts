/**
 * The text of a PDF, page by page, read with pdfjs-dist (Mozilla's PDF reader, pinned as a
 * devDependency): what a reader would copy out of it, so that a test checks the words a person sees,
 * accents and typographic quotes included.
 */
export async function pdfText(data: Buffer): Promise<string[]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(data), useSystemFonts: false, disableFontFace: true, isEvalSupported: false }).promise;
  const pages: string[] = [];
  try {
    for (let i = 1; i <= doc.numPages; i++) {
      const page = await doc.getPage(i);
      const content = await page.getTextContent();
      const lines: string[] = [];
      let line = '';
      for (const item of content.items) {
        if (!('str' in item)) continue;
        line += item.str;
        if (item.hasEOL) {
          lines.push(line);
          line = '';
        }
      }
      if (line) lines.push(line);
      pages.push(lines.join('\n'));
    }
  } finally {
    await doc.destroy();
  }
  return pages;
}
