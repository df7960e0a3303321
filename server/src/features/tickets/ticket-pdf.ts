import PDFDocument from 'pdfkit';
import type { Level, PartKind } from '@shared/domain.ts';
import type { Ticket } from '@shared/registration.ts';
import { sittingLabel } from '@shared/sitting-label.ts';
import type { CjkFont } from '../../core/cjk-font.ts';

export type TicketPdfOptions = { font: CjkFont; timeZone: string; generatedAt: number };

const LEVEL_NAMES: Record<Level, string> = { 1: '一级/高级技师', 2: '二级/技师', 3: '三级/高级工', 4: '四级/中级工' };
const PART_NAMES: Record<PartKind, string> = { theory: '理论知识考试', skills: '操作技能考核', review: '综合评审' };

const NOTES = [
  '请携带本准考证和本人有效居民身份证，于考试开始前 30 分钟到达考场，经监考员核验身份后入座。',
  '考试当天凭准考证号登录考场计算机：网上报名的考生使用报名账号的密码，名册导入的考生使用考务机构发放的初始密码。',
  '考试时间以服务器计时为准，时间到系统自动交卷；已保存的作答不会丢失。',
  '不得携带手机等通讯工具和资料进入考场；违纪者按有关规定处理。',
];

const PAGE = { size: 'A4', margin: 56 } as const;
const LABEL_WIDTH = 110;
const PHOTO = { width: 90, height: 120 };

/**
 * Admission tickets (准考证) as a PDF, one A4 page each, printed in the exam centre's time zone
 * with an embedded (subset) CJK font so it prints the same on any machine. Synchronous and CPU-bound
 * (about 3 ms a page, plus 100 ms and more to parse the font): the server runs it in a worker
 * (ticket-pdf-worker.ts).
 */
export function ticketsPdf(tickets: readonly Ticket[], options: TicketPdfOptions): PDFKit.PDFDocument {
  const created = new Date(options.generatedAt);
  const doc = new PDFDocument({
    size: PAGE.size,
    margin: PAGE.margin,
    autoFirstPage: false,
    info: { Title: tickets.length === 1 ? `准考证 ${tickets[0]!.ticketNo}` : `准考证（${tickets.length} 份）`, Author: 'Kaochang 考场', CreationDate: created, ModDate: created },
  });
  doc.registerFont('cjk', options.font.file, options.font.face);
  const when = new Intl.DateTimeFormat('zh-CN', { timeZone: options.timeZone, dateStyle: 'full', timeStyle: 'short' });
  const formatTime = (at: number) => `${when.format(at)}（${options.timeZone}）`;
  for (const ticket of tickets) ticketPage(doc, ticket, formatTime, created);
  if (tickets.length === 0) doc.addPage().font('cjk').fontSize(12).text('没有符合条件的考生。');
  doc.end();
  return doc;
}

function ticketPage(doc: PDFKit.PDFDocument, ticket: Ticket, formatTime: (at: number) => string, created: Date) {
  doc.addPage().font('cjk');
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;

  doc.fontSize(11).fillColor('#444').text(`${ticket.occupationName}（${ticket.occupationCode}）职业技能等级认定`, { align: 'center' });
  doc.moveDown(0.3).fontSize(26).fillColor('#000').text('准 考 证', { align: 'center', characterSpacing: 2 });
  doc.fontSize(10).fillColor('#666').text('Admission Ticket', { align: 'center' });
  doc.moveDown(1.2);

  const top = doc.y;
  const tableWidth = width - PHOTO.width - 16;
  photoBox(doc, left + width - PHOTO.width, top);
  const rows: [string, string][] = [
    ['准考证号', ticket.ticketNo],
    ['姓名', ticket.name],
    ['身份证号', ticket.idNumber || '—'],
    ['报考等级', LEVEL_NAMES[ticket.level]],
    ['考试计划', ticket.planTitle],
    ['考试场次', sittingLabel(ticket.planTitle, ticket.sittingName)],
    ['开考时间', formatTime(ticket.startsAt)],
    ['考场', ticket.room],
    ['座位号', ticket.seat],
  ];
  let y = table(doc, rows, left, top, tableWidth);

  y += 18;
  doc.fontSize(13).fillColor('#000').text('考试科目', left, y);
  const parts: [string, string][] = ticket.parts.map((p) => [PART_NAMES[p.kind], `${p.durationMinutes} 分钟`]);
  y = table(doc, parts, left, doc.y + 6, width);

  y += 18;
  doc.fontSize(13).text('考生须知', left, y);
  doc.moveDown(0.3).fontSize(10).fillColor('#222');
  NOTES.forEach((note, i) => doc.text(`${i + 1}. ${note}`, left, doc.y, { width, lineGap: 3, paragraphGap: 4 }));

  doc
    .fontSize(8)
    .fillColor('#888')
    .text(`生成时间 ${created.toISOString()} · 准考证号 ${ticket.ticketNo}`, left, doc.page.height - doc.page.margins.bottom - 12, { width, align: 'right', lineBreak: false });
}

/** Label | value rows with borders; returns the y below the table. */
function table(doc: PDFKit.PDFDocument, rows: readonly [string, string][], x: number, top: number, width: number): number {
  const pad = 6;
  const valueWidth = width - LABEL_WIDTH - 2 * pad;
  let y = top;
  doc.fontSize(11).fillColor('#000').lineWidth(0.7).strokeColor('#555');
  for (const [label, value] of rows) {
    const height = Math.max(doc.heightOfString(label, { width: LABEL_WIDTH - 2 * pad }), doc.heightOfString(value, { width: valueWidth })) + 2 * pad;
    doc.rect(x, y, LABEL_WIDTH, height).fillAndStroke('#f1f3f5', '#555');
    doc.rect(x + LABEL_WIDTH, y, width - LABEL_WIDTH, height).stroke();
    doc.fillColor('#333').text(label, x + pad, y + pad, { width: LABEL_WIDTH - 2 * pad });
    doc.fillColor('#000').text(value, x + LABEL_WIDTH + pad, y + pad, { width: valueWidth });
    y += height;
  }
  return y;
}

function photoBox(doc: PDFKit.PDFDocument, x: number, y: number) {
  doc.lineWidth(0.7).strokeColor('#555').dash(3, { space: 3 }).rect(x, y, PHOTO.width, PHOTO.height).stroke().undash();
  doc.fontSize(10).fillColor('#888').text('照片', x, y + PHOTO.height / 2 - 14, { width: PHOTO.width, align: 'center' });
  doc.fontSize(8).text('（近期免冠）', x, doc.y, { width: PHOTO.width, align: 'center' });
}
