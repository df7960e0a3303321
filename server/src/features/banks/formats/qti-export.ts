import { knowledgeAreas, type BankFile, type BankItem, type Media } from '@shared/bank.ts';
import { MEDIA_CLASS_PREFIX } from './qti-body.ts';
import { escapeAttr as attr, escapeText as text, QTI30_NS } from './qti-common.ts';
import { markdownToHtml, markdownToInlineHtml, type ImageRenderer } from './markdown-html.ts';

/**
 * QTI 3.0 export: one item file per bank item plus imsmanifest.xml (an IMS content package as a list
 * of files; zipping is the caller's business). Images travel inside the items as data: URIs.
 * Levels, area, difficulty and tags have no place in a QTI item: they go to the manifest's LOM metadata.
 */

export type ExportedFile = { path: string; content: string };

const DECL = '<?xml version="1.0" encoding="UTF-8"?>\n';
const XSI = 'http://www.w3.org/2001/XMLSchema-instance';
const ITEM_XSD = `${QTI30_NS} https://purl.imsglobal.org/spec/qti/v3p0/schema/xsd/imsqti_asiv3p0_v1p0.xsd`;
const RP = 'https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/';
const LOM_DIFFICULTY = ['very easy', 'easy', 'medium', 'difficult', 'very difficult'];

export function exportQti30(bank: BankFile): { files: ExportedFile[] } {
  const items = bank.items.map((item) => ({ path: itemPath(item), content: DECL + itemXml(item, bank.bank.language) }));
  return { files: [...items, { path: 'imsmanifest.xml', content: manifest(bank) }] };
}

/** All items in one document under a <qti-items> wrapper (not a QTI element): handy for a one-file round trip. */
export function exportQti30Single(bank: BankFile): string {
  return `${DECL}<qti-items xmlns="${QTI30_NS}">\n${bank.items.map((item) => itemXml(item, bank.bank.language)).join('')}</qti-items>\n`;
}

const itemPath = (item: BankItem) => `items/${item.id}.xml`;

/** QTI identifiers are NCNames: they may not start with a digit, which bank and option ids may. */
const ncname = (id: string, prefix: string) => (/^[A-Za-z_]/.test(id) ? id : `${prefix}${id}`);

/** QTI requires a title: the stem's first line without Markdown syntax. */
function titleOf(item: BankItem): string {
  const line = item.stem.split('\n').find((l) => l.trim()) ?? '';
  const plain = line
    .replace(/^\s*(#{1,6}\s+|>\s*|[-*+]\s+|\d+[.)]\s+)/, '')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\\([!-/:-@[-`{-~])|[*_`]/g, (_, escaped: string | undefined) => escaped ?? '')
    .trim();
  if (!plain) return item.id;
  return plain.length > 80 ? `${plain.slice(0, 79)}…` : plain;
}

function imageRenderer(media: Media[]): ImageRenderer {
  return (src, alt, title) => {
    const found = src.startsWith('media:') ? media.find((m) => m.name === src.slice(6)) : undefined;
    const data = found ? `data:${found.mimeType};base64,${found.base64.replace(/\s+/g, '')}` : src;
    const cls = found ? ` class="${attr(MEDIA_CLASS_PREFIX + found.name)}"` : '';
    return `<img src="${attr(data)}" alt="${attr(alt)}"${title ? ` title="${attr(title)}"` : ''}${cls}/>`;
  };
}

const value = (v: string) => `<qti-value>${text(v)}</qti-value>`;

function responseDeclaration(item: BankItem): string {
  const open = (cardinality: string, baseType: string) =>
    `  <qti-response-declaration identifier="RESPONSE" cardinality="${cardinality}" base-type="${baseType}"`;
  const correct = (values: string[]) => `    <qti-correct-response>${values.map(value).join('')}</qti-correct-response>\n`;
  switch (item.type) {
    case 'single':
      return `${open('single', 'identifier')}>\n${correct([ncname(item.answer, 'o')])}  </qti-response-declaration>\n`;
    case 'truefalse':
      return `${open('single', 'identifier')}>\n${correct([String(item.answer)])}  </qti-response-declaration>\n`;
    case 'multi': {
      const mapping = item.fractions
        ? `    <qti-mapping lower-bound="0" upper-bound="1" default-value="0">${Object.entries(item.fractions)
            .map(([k, v]) => `<qti-map-entry map-key="${attr(ncname(k, 'o'))}" mapped-value="${v}"/>`)
            .join('')}</qti-mapping>\n`
        : '';
      return `${open('multiple', 'identifier')}>\n${correct(item.answer.map((a) => ncname(a, 'o')))}${mapping}  </qti-response-declaration>\n`;
    }
    case 'short-answer':
      return item.referenceAnswer
        ? `${open('single', 'string')}>\n${correct([item.referenceAnswer])}  </qti-response-declaration>\n`
        : `${open('single', 'string')}/>\n`;
    case 'practical':
      return `${open('single', 'file')}/>\n`;
  }
}

function outcomes(item: BankItem): string {
  const human = item.type === 'short-answer' || item.type === 'practical';
  const max = human ? item.rubric.reduce((sum, c) => sum + c.points, 0) : 1;
  const score = `  <qti-outcome-declaration identifier="SCORE" cardinality="single" base-type="float" normal-maximum="${max}"${human ? ' external-scored="human"' : ''}/>\n`;
  // A default value equal to the feedback's identifier shows the explanation after every attempt.
  const feedback = item.explanation
    ? `  <qti-outcome-declaration identifier="FEEDBACK" cardinality="single" base-type="identifier"><qti-default-value>${value('EXPLANATION')}</qti-default-value></qti-outcome-declaration>\n`
    : '';
  return score + feedback;
}

function choices(options: { id: string; html: string }[], maxChoices: number): string {
  const list = options.map((o) => `      <qti-simple-choice identifier="${attr(ncname(o.id, 'o'))}">${o.html}</qti-simple-choice>\n`).join('');
  return `    <qti-choice-interaction response-identifier="RESPONSE" shuffle="false" max-choices="${maxChoices}">\n${list}    </qti-choice-interaction>\n`;
}

function rubricBlock(rubric: { id: string; text: string; points: number }[], zh: boolean): string {
  const head = (zh ? ['编号', '评分要点', '分值'] : ['id', 'criterion', 'points']).map((h) => `<th>${h}</th>`).join('');
  const rows = rubric.map((c) => `<tr><td>${text(c.id)}</td><td>${text(c.text)}</td><td>${c.points}</td></tr>`).join('');
  return `    <qti-rubric-block view="scorer" use="scoring"><qti-content-body><table><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table></qti-content-body></qti-rubric-block>\n`;
}

function interaction(item: BankItem, image: ImageRenderer, zh: boolean): string {
  switch (item.type) {
    case 'single':
    case 'multi':
      return choices(
        item.options.map((o) => ({ id: o.id, html: markdownToInlineHtml(o.text, image) })),
        item.type === 'single' ? 1 : 0,
      );
    case 'truefalse':
      return choices(
        [
          { id: 'true', html: zh ? '正确' : 'True' },
          { id: 'false', html: zh ? '错误' : 'False' },
        ],
        1,
      );
    case 'short-answer':
      return rubricBlock(item.rubric, zh) + '    <qti-extended-text-interaction response-identifier="RESPONSE"/>\n';
    case 'practical':
      return rubricBlock(item.rubric, zh) + `    <qti-upload-interaction response-identifier="RESPONSE" data-screenshots="${item.screenshots}"/>\n`;
  }
}

function responseProcessing(item: BankItem): string {
  if (item.type === 'short-answer' || item.type === 'practical') return '';
  const template = item.type === 'multi' && item.fractions ? 'map_response' : 'match_correct';
  return `  <qti-response-processing template="${RP}${template}.xml"/>\n`;
}

function itemXml(item: BankItem, language: string): string {
  const image = imageRenderer(item.media ?? []);
  const zh = language.toLowerCase().startsWith('zh');
  const explanation = item.explanation
    ? `  <qti-modal-feedback outcome-identifier="FEEDBACK" identifier="EXPLANATION" show-hide="show"><qti-content-body>${markdownToHtml(item.explanation, image)}</qti-content-body></qti-modal-feedback>\n`
    : '';
  return (
    `<qti-assessment-item xmlns="${QTI30_NS}" xmlns:xsi="${XSI}" xsi:schemaLocation="${ITEM_XSD}" ` +
    `identifier="${attr(ncname(item.id, 'item-'))}" title="${attr(titleOf(item))}" adaptive="false" time-dependent="false" xml:lang="${attr(language)}">\n` +
    responseDeclaration(item) +
    outcomes(item) +
    '  <qti-item-body>\n' +
    `    <div>${markdownToHtml(item.stem, image)}</div>\n` +
    interaction(item, image, zh) +
    '  </qti-item-body>\n' +
    responseProcessing(item) +
    explanation +
    '</qti-assessment-item>\n'
  );
}

const lang = (language: string, s: string) => `<imsmd:string xml:lang="${attr(language)}">${text(s)}</imsmd:string>`;
const vocab = (source: string, v: string) => `<imsmd:source>${source}</imsmd:source><imsmd:value>${text(v)}</imsmd:value>`;

function classification(purpose: string, source: string, taxa: { id: string; entry: string }[], language: string): string {
  const t = taxa.map((x) => `<imsmd:taxon><imsmd:id>${text(x.id)}</imsmd:id><imsmd:entry>${lang(language, x.entry)}</imsmd:entry></imsmd:taxon>`).join('');
  return `<imsmd:classification><imsmd:purpose>${vocab('LOMv1.0', purpose)}</imsmd:purpose><imsmd:taxonPath><imsmd:source>${lang('x-none', source)}</imsmd:source>${t}</imsmd:taxonPath></imsmd:classification>`;
}

function resource(item: BankItem, language: string): string {
  const keywords = item.tags.map((tag) => `<imsmd:keyword>${lang(language, tag)}</imsmd:keyword>`).join('');
  const area = knowledgeAreas[item.area];
  const lom =
    `<imsmd:lom><imsmd:general><imsmd:identifier><imsmd:entry>${text(item.id)}</imsmd:entry></imsmd:identifier>${keywords}</imsmd:general>` +
    `<imsmd:educational><imsmd:difficulty>${vocab('LOMv1.0', LOM_DIFFICULTY[item.difficulty - 1] ?? 'medium')}</imsmd:difficulty></imsmd:educational>` +
    classification('discipline', 'kaochang-knowledge-area', [{ id: item.area, entry: area.zh }], 'zh-CN') +
    classification('educational level', 'kaochang-level', item.levels.map((l) => ({ id: `level-${l}`, entry: `level ${l}` })), 'en') +
    '</imsmd:lom>';
  return (
    `    <resource identifier="res-${attr(item.id)}" type="imsqti_item_xmlv3p0" href="${attr(itemPath(item))}">\n` +
    `      <metadata>${lom}</metadata>\n      <file href="${attr(itemPath(item))}"/>\n    </resource>\n`
  );
}

function manifest(bank: BankFile): string {
  const { id, title, language, version } = bank.bank;
  return (
    DECL +
    `<manifest xmlns="http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1" xmlns:imsmd="http://ltsc.ieee.org/xsd/LOM" xmlns:xsi="${XSI}" ` +
    'xsi:schemaLocation="http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1 https://purl.imsglobal.org/spec/qti/v3p0/schema/xsd/imsqtiv3p0_imscpv1p2_v1p0.xsd ' +
    `http://ltsc.ieee.org/xsd/LOM https://purl.imsglobal.org/spec/md/v1p3/schema/xsd/imsmd_loose_v1p3p2.xsd" identifier="manifest-${attr(id)}">\n` +
    '  <metadata>\n    <schema>QTI Package</schema>\n    <schemaversion>3.0.0</schemaversion>\n' +
    `    <imsmd:lom><imsmd:general><imsmd:identifier><imsmd:entry>${text(id)}</imsmd:entry></imsmd:identifier><imsmd:title>${lang(language, title)}</imsmd:title><imsmd:language>${text(language)}</imsmd:language></imsmd:general>` +
    `<imsmd:lifeCycle><imsmd:version>${lang('x-none', String(version))}</imsmd:version></imsmd:lifeCycle></imsmd:lom>\n  </metadata>\n` +
    '  <organizations/>\n  <resources>\n' +
    bank.items.map((item) => resource(item, language)).join('') +
    '  </resources>\n</manifest>\n'
  );
}
