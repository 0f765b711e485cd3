import PDFDocument from 'pdfkit';
import { DateTime } from 'luxon';
import { pickText, type BookOfAbstracts, type Language, type LocalizedText } from '@amphi/contracts';

/**
 * The book of abstracts as a PDF (pdfkit): a title page, a table of contents by session with page
 * numbers, then each session's abstracts (title, authors with the presenters marked, affiliations,
 * keywords, the abstract), every page numbered. The text is set in DejaVu Sans, embedded from the
 * pinned npm package dejavu-fonts-ttf (pdfkit's built-in Helvetica has no full Unicode: French
 * accents, typographic quotes, non-breaking spaces, superscript digits all need a real font).
 */

const FONT_DIR = 'dejavu-fonts-ttf/ttf';
const FONTS = { regular: 'DejaVuSans.ttf', bold: 'DejaVuSans-Bold.ttf', italic: 'DejaVuSans-Oblique.ttf' } as const;

const TEXTS = {
  en: {
    book: 'Book of abstracts',
    contents: 'Contents',
    keywords: 'Keywords',
    presents: '* presents the communication',
    others: 'Other accepted communications',
    empty: 'No abstract yet.',
  },
  fr: {
    book: 'Livre des résumés',
    contents: 'Sommaire',
    keywords: 'Mots-clés',
    presents: '* présente la communication',
    others: 'Autres communications retenues',
    empty: 'Aucun résumé pour l’instant.',
  },
} as const;

const SUPERSCRIPT = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
const superscript = (n: number) => [...String(n)].map((d) => SUPERSCRIPT[Number(d)]).join('');

export interface BookPdfContext {
  language: Language;
  /** The event's dates, already written in the language ("14–15 novembre 2019"). */
  eventDates: string;
  timeZone: string;
  themeTitle: (key: string | null) => LocalizedText | null;
}

const MARGIN = 56;
const TOC_LINE = 16;

/** Builds the whole document; the caller pipes it (to the HTTP response) and it ends itself. */
export function renderBookPdf(book: BookOfAbstracts, ctx: BookPdfContext): PDFKit.PDFDocument {
  const lang = ctx.language;
  const t = TEXTS[lang];
  const text = (value: LocalizedText | null | undefined) => pickText(value, lang, book.event.mainLanguage) ?? '';
  const eventTitle = text(book.event.title) || book.event.slug;
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
    bufferPages: true,
    autoFirstPage: false,
    lang,
    displayTitle: true,
    info: { Title: `${eventTitle} — ${t.book}`, Creator: 'Amphi' },
  });
  for (const [name, file] of Object.entries(FONTS)) doc.registerFont(name, require.resolve(`${FONT_DIR}/${file}`));
  const width = () => doc.page.width - 2 * MARGIN;

  // The title page.
  doc.addPage();
  doc.font('bold').fontSize(24).text(eventTitle, MARGIN, 220, { align: 'center', width: width() });
  doc.moveDown(0.8).font('regular').fontSize(14).text(ctx.eventDates, { align: 'center', width: width() });
  doc.moveDown(2).font('italic').fontSize(18).text(t.book, { align: 'center', width: width() });

  // The table of contents: its pages are reserved now and filled once the abstracts' pages are known.
  const groupTitle = (group: BookOfAbstracts['sessions'][number]) => {
    if (group.sessionId) {
      const when = group.startsAt ? DateTime.fromISO(group.startsAt, { zone: ctx.timeZone }).setLocale(lang === 'fr' ? 'fr-FR' : 'en-GB').toFormat('ccc d LLL, HH:mm') : '';
      return `${text(group.title)}${when ? ` (${when})` : ''}`;
    }
    return text(group.title ?? ctx.themeTitle(group.themeKey)) || t.others;
  };
  const entries: Array<{ label: string; level: 0 | 1; page: number }> = [];
  for (const group of book.sessions) {
    entries.push({ label: groupTitle(group), level: 0, page: 0 });
    for (const a of group.abstracts) entries.push({ label: a.title, level: 1, page: 0 });
  }
  doc.addPage();
  const tocTop = MARGIN + 40;
  const perPage = Math.floor((doc.page.height - MARGIN - tocTop) / TOC_LINE);
  const tocPages = Math.max(1, Math.ceil(entries.length / perPage));
  const tocStart = doc.bufferedPageRange().count - 1;
  for (let i = 1; i < tocPages; i++) doc.addPage();

  // The abstracts, session by session.
  const currentPage = () => doc.bufferedPageRange().start + doc.bufferedPageRange().count - 1;
  const room = () => doc.page.height - MARGIN - doc.y;
  let entry = 0;
  if (book.sessions.length === 0) {
    doc.addPage();
    doc.font('regular').fontSize(12).text(t.empty);
  }
  for (const group of book.sessions) {
    doc.addPage();
    entries[entry++].page = currentPage();
    doc.font('bold').fontSize(17).text(groupTitle(group), { width: width() });
    doc.moveDown(1);
    for (const a of group.abstracts) {
      if (room() < 140) doc.addPage();
      entries[entry++].page = currentPage();
      doc.font('bold').fontSize(13).fillColor('black').text(a.title, { width: width() });
      doc.moveDown(0.3);
      const affiliations: string[] = [];
      const names = a.authors.map((author) => {
        let mark = '';
        if (author.affiliation) {
          let index = affiliations.indexOf(author.affiliation);
          if (index < 0) index = affiliations.push(author.affiliation) - 1;
          mark = superscript(index + 1);
        }
        return `${author.name}${mark}${author.presenting ? '*' : ''}`;
      });
      doc.font('regular').fontSize(11).text(names.join(', '), { width: width() });
      doc.font('italic').fontSize(9);
      affiliations.forEach((affiliation, i) => doc.text(`${superscript(i + 1)} ${affiliation}`, { width: width() }));
      if (a.authors.some((x) => x.presenting)) doc.text(t.presents, { width: width() });
      if (a.keywords.length) {
        doc.moveDown(0.3);
        doc.font('bold').fontSize(9).text(`${t.keywords}${lang === 'fr' ? '\u00a0: ' : ': '}`, { continued: true }).font('italic').text(a.keywords.join(', '));
      }
      doc.moveDown(0.6);
      for (const paragraph of a.abstract.split(/\r?\n\s*\r?\n/).map((p) => p.replace(/\s*\r?\n\s*/g, ' ').trim()).filter(Boolean)) {
        doc.font('regular').fontSize(10).text(paragraph, { width: width(), align: 'justify' });
        doc.moveDown(0.4);
      }
      doc.moveDown(1.2);
    }
  }

  // Back to the table of contents, now that every page is known.
  for (let i = 0; i < entries.length; i++) {
    const page = tocStart + Math.floor(i / perPage);
    doc.switchToPage(page);
    if (i % perPage === 0) doc.font('bold').fontSize(17).text(t.contents, MARGIN, MARGIN, { width: width(), lineBreak: false });
    const e = entries[i];
    const y = tocTop + (i % perPage) * TOC_LINE;
    const indent = e.level === 0 ? 0 : 16;
    const number = String(e.page + 1);
    doc.font(e.level === 0 ? 'bold' : 'regular').fontSize(e.level === 0 ? 11 : 10);
    const numberWidth = doc.widthOfString(number);
    const available = width() - indent - numberWidth - 12;
    doc.text(fit(doc, e.label, available), MARGIN + indent, y, { lineBreak: false });
    doc.text(number, MARGIN + width() - numberWidth, y, { lineBreak: false });
  }

  // Page numbers, below the bottom margin (which is lifted for the footer only, so no page is added).
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    if (i === range.start) continue; // the title page is not numbered
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font('regular').fontSize(9).text(`${i + 1} / ${range.count}`, MARGIN, doc.page.height - MARGIN / 2 - 5, { width: width(), align: 'center', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
  doc.flushPages();
  doc.end();
  return doc;
}

/** The label cut with an ellipsis to fit one line of the table of contents. */
function fit(doc: PDFKit.PDFDocument, label: string, available: number): string {
  const one = label.replace(/\s+/g, ' ').trim();
  if (doc.widthOfString(one) <= available) return one;
  let chars = [...one];
  while (chars.length > 1 && doc.widthOfString(`${chars.join('')}…`) > available) chars = chars.slice(0, Math.max(1, chars.length - Math.max(1, Math.floor(chars.length / 20))));
  return `${chars.join('').trimEnd()}…`;
}
