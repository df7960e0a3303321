import { knowledgeAreas, type BankFile, type BankItem, type KnowledgeArea, type Media } from '@shared/bank.ts';
import { escapeXml, graderInfoHtml } from './moodle-xml-essay.ts';
import { isMoodleFraction } from './moodle-xml-import.ts';
import { markdownToHtml, markdownToInlineHtml, type ImageRenderer } from './markdown-html.ts';

/**
 * Moodle XML export: one category question per knowledge area, then its items. Stems are HTML;
 * images travel as <file> elements in the text field that shows them. Levels and difficulty have
 * no place in Moodle and are not written.
 */

// XML 1.0 forbids most control characters, even in CDATA.
const clean = (s: string) => s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '');
const cdata = (s: string) => `<![CDATA[${clean(s).replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
const text = (s: string) => (/[<>&]/.test(s) ? cdata(s) : escapeXml(clean(s)));
const percent = (f: number) => String(Number((f * 100).toFixed(5)));

const image: ImageRenderer = (src, alt, title) => {
  const url = src.startsWith('media:') ? `@@PLUGINFILE@@/${src.slice(6)}` : src;
  return `<img src="${escapeXml(url)}" alt="${escapeXml(alt)}"${title ? ` title="${escapeXml(title)}"` : ''}/>`;
};

/** Every Markdown text of an item, to find the media nothing refers to. */
const textsOf = (item: BankItem): string[] => [
  item.stem,
  item.explanation ?? '',
  ...(item.type === 'single' || item.type === 'multi' ? item.options.map((o) => o.text) : []),
  item.type === 'short-answer' ? (item.referenceAnswer ?? '') : '',
];

type FieldOptions = { attrs?: string; indent?: string; inner?: string };

/** A text field with the <file>s its Markdown refers to; the question text also takes the media nothing refers to. */
function field(tag: string, html: string, markdown: string, item: BankItem, opts: FieldOptions = {}): string {
  const indent = opts.indent ?? '    ';
  const orphan = (m: Media) => tag === 'questiontext' && !textsOf(item).some((t) => t.includes(`media:${m.name}`));
  const files = (item.media ?? [])
    .filter((m) => markdown.includes(`media:${m.name}`) || orphan(m))
    .map((m) => `${indent}  <file name="${escapeXml(m.name)}" path="/" encoding="base64">${m.base64.replace(/\s+/g, '')}</file>\n`)
    .join('');
  return `${indent}<${tag}${opts.attrs ?? ' format="html"'}>\n${indent}  <text>${text(html)}</text>\n${files}${opts.inner ?? ''}${indent}</${tag}>\n`;
}

const emptyField = (tag: string, indent = '    ') => `${indent}<${tag} format="html">\n${indent}  <text></text>\n${indent}</${tag}>\n`;

function answer(fraction: string, html: string, markdown: string, item: BankItem, format = 'html'): string {
  return field('answer', html, markdown, item, { attrs: ` fraction="${fraction}" format="${format}"`, inner: emptyField('feedback', '      ') });
}

/** Moodle-valid fractions: given ones when Moodle accepts them, else correct options share 100% and wrong ones share -100%. */
function multiFractions(item: Extract<BankItem, { type: 'multi' }>): { fractions: Record<string, number>; replaced: boolean } {
  const given = item.fractions;
  if (given) {
    const values = item.options.map((o) => given[o.id] ?? 0);
    const positive = values.filter((v) => v > 0).reduce((a, b) => a + b, 0);
    if (values.every(isMoodleFraction) && Math.round(positive * 100) === 100) return { fractions: given, replaced: false };
  }
  const wrong = item.options.length - item.answer.length;
  const fractions = Object.fromEntries(item.options.map((o) => [o.id, item.answer.includes(o.id) ? 1 / item.answer.length : -1 / wrong]));
  return { fractions, replaced: given !== undefined };
}

function body(item: BankItem): { type: string; grade: number; xml: string } {
  const option = (md: string) => markdownToInlineHtml(md, image);
  switch (item.type) {
    case 'single': {
      const answers = item.options.map((o) => answer(o.id === item.answer ? '100' : '0', option(o.text), o.text, item)).join('');
      return { type: 'multichoice', grade: 1, xml: choice(true) + answers };
    }
    case 'multi': {
      const { fractions, replaced } = multiFractions(item);
      const note = replaced ? '    <!-- The fractions were not valid Moodle grades: replaced by an equal split. -->\n' : '';
      const answers = item.options.map((o) => answer(percent(fractions[o.id] ?? 0), option(o.text), o.text, item)).join('');
      return { type: 'multichoice', grade: 1, xml: note + choice(false) + answers };
    }
    case 'truefalse': {
      const tf = (value: boolean) => answer(item.answer === value ? '100' : '0', String(value), '', item, 'moodle_auto_format');
      return { type: 'truefalse', grade: 1, xml: tf(true) + tf(false) };
    }
    case 'short-answer':
    case 'practical': {
      const reference = item.type === 'short-answer' && item.referenceAnswer ? item.referenceAnswer : '';
      const grader = graderInfoHtml(reference ? markdownToHtml(reference, image) : null, item.rubric);
      const screenshots = item.type === 'practical' ? item.screenshots : 0;
      const upload = item.type === 'practical';
      const xml =
        `    <responseformat>${upload ? 'noinline' : 'editor'}</responseformat>\n` +
        `    <responserequired>${upload ? 0 : 1}</responserequired>\n` +
        '    <responsefieldlines>15</responsefieldlines>\n' +
        // Moodle offers 1-3 attachments or unlimited (-1); an upload-only essay needs at least one.
        `    <attachments>${!upload ? 0 : screenshots >= 1 && screenshots <= 3 ? screenshots : -1}</attachments>\n` +
        `    <attachmentsrequired>${screenshots}</attachmentsrequired>\n` +
        `    <filetypeslist>${upload ? 'image' : ''}</filetypeslist>\n` +
        field('graderinfo', grader, reference, item) +
        emptyField('responsetemplate');
      return { type: 'essay', grade: item.rubric.reduce((sum, c) => sum + c.points, 0), xml };
    }
  }
}

const choice = (single: boolean) =>
  `    <single>${single}</single>\n    <shuffleanswers>false</shuffleanswers>\n    <answernumbering>abc</answernumbering>\n` +
  ['correctfeedback', 'partiallycorrectfeedback', 'incorrectfeedback'].map((t) => emptyField(t)).join('');

function question(item: BankItem): string {
  const { type, grade, xml } = body(item);
  const tags = item.tags.length
    ? `    <tags>\n${item.tags.map((t) => `      <tag><text>${text(t)}</text></tag>\n`).join('')}    </tags>\n`
    : '';
  return (
    `  <question type="${type}">\n` +
    `    <name>\n      <text>${text(item.id)}</text>\n    </name>\n` +
    field('questiontext', markdownToHtml(item.stem, image), item.stem, item) +
    (item.explanation ? field('generalfeedback', markdownToHtml(item.explanation, image), item.explanation, item) : emptyField('generalfeedback')) +
    `    <defaultgrade>${grade}</defaultgrade>\n    <penalty>${type === 'multichoice' ? '0.3333333' : type === 'truefalse' ? '1' : '0'}</penalty>\n    <hidden>0</hidden>\n` +
    `    <idnumber>${text(item.id)}</idnumber>\n` +
    xml +
    tags +
    '  </question>\n'
  );
}

/** Moodle writes "/" inside a category name as "//". */
const categoryPath = (bank: BankFile, area: KnowledgeArea) => `$course$/top/${bank.bank.title.replace(/\//g, '//')}/${knowledgeAreas[area].zh}`;

export function exportMoodleXml(bank: BankFile): string {
  const areas = [...new Set(bank.items.map((i) => i.area))];
  const parts = areas.map((area) => {
    const category = `  <question type="category">\n    <category>\n      <text>${text(categoryPath(bank, area))}</text>\n    </category>\n  </question>\n\n`;
    return category + bank.items.filter((i) => i.area === area).map(question).join('\n');
  });
  const about = `<!-- ${clean(`${bank.bank.id} v${bank.bank.version}: ${bank.bank.title}`).replace(/-(?=-)|-$/g, '- ')} -->`;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n${about}\n${parts.join('\n')}</quiz>\n`;
}
