import type { Strings } from './zh-CN.ts';

/**
 * Why a bank file was refused (`errors.detail.bankImport.<key>`, keys of the server's
 * formats/import-error.ts), with the values the server sends.
 */
export const bankImportErrorsZhCN = {
  zip: {
    tooManyEntries: '压缩包内有 {{count}} 个文件，超过 {{max}} 个的上限',
    tooLarge: '压缩包解压后达 {{mb}} MB，超过 {{maxMb}} MB 的上限（疑似压缩炸弹），已拒绝',
    ratio: '压缩包内的 {{name}} 压缩比为 {{ratio}}:1，超过 {{max}}:1 的上限（疑似压缩炸弹），已拒绝',
    sizeMismatch: '压缩包内的文件与其声明的大小不符，已拒绝',
    unreadable: '不是可读取的压缩文件（zip）',
  },
  xml: {
    doctype: '{{part}} 含有 DOCTYPE 声明，已拒绝',
    entity: 'XML 文件声明了实体（<!ENTITY>），出于安全原因已拒绝',
    malformed: 'XML 格式不正确（第 {{line}} 行）：{{detail}}',
  },
  xlsx: {
    unreadable: '不是可读取的 Excel（xlsx）工作簿：{{part}}',
    noWorkbook: '不是 Excel（xlsx）工作簿（缺少 xl/workbook.xml）',
    badCell: '工作表「{{sheet}}」中的单元格或行引用「{{ref}}」无效',
    tooManyRows: '工作表「{{sheet}}」超过 {{max}} 行，请拆分后再导入',
  },
  format: {
    unknown: '无法识别文件格式，请在「文件格式」中指定',
    unsupported: '暂不支持导入 {{format}} 格式的文件',
  },
  package: {
    noManifest: '该压缩包既不是 Excel 工作簿，也不是含 imsmanifest.xml 的内容包',
    noItems: '内容包中没有列出任何试题或测验文件',
    missingFile: '清单中列出的 {{file}} 不在压缩包内',
    badManifest: 'imsmanifest.xml 不是格式正确的 XML',
  },
  input: {
    tooLarge: '文件大小为 {{mb}} MB，超过 {{maxMb}} MB 的上限',
    tooManyItems: '文件中有 {{count}} 道题，一次最多导入 {{max}} 道，请拆分后再导入',
  },
  job: {
    timeout: '导入超过 {{seconds}} 秒仍未完成，已停止',
    memory: '导入所需内存超过上限，已停止',
    cancelled: '导入已取消',
    busy: '已有 {{running}} 个导入正在进行，请待其完成后再试',
    failed: '导入失败',
    notFound: '没有这个导入任务（服务器重启后进行中的导入需要重新开始）',
  },
  unreadable: '无法读取该文件',
};

export const bankImportErrorsEn: Strings<typeof bankImportErrorsZhCN> = {
  zip: {
    tooManyEntries: 'The archive holds {{count}} files, more than the {{max}} allowed',
    tooLarge: 'The archive unpacks to {{mb}} MB, more than the {{maxMb}} MB allowed (a zip bomb?); refused',
    ratio: '{{name}} in the archive is compressed {{ratio}} to 1, more than the {{max}} to 1 allowed (a zip bomb?); refused',
    sizeMismatch: 'A file in the archive is not the size it declares; refused',
    unreadable: 'Not a readable zip archive',
  },
  xml: {
    doctype: '{{part}} has a DOCTYPE declaration; refused',
    entity: 'The XML file declares entities (<!ENTITY>); refused for safety',
    malformed: 'The XML is not well formed (line {{line}}): {{detail}}',
  },
  xlsx: {
    unreadable: 'Not a readable Excel (xlsx) workbook: {{part}}',
    noWorkbook: 'Not an Excel (xlsx) workbook (no xl/workbook.xml)',
    badCell: 'Sheet "{{sheet}}" has an invalid cell or row reference "{{ref}}"',
    tooManyRows: 'Sheet "{{sheet}}" has more than {{max}} rows; split it',
  },
  format: {
    unknown: 'The file format could not be told; choose it under "File format"',
    unsupported: '{{format}} files cannot be imported yet',
  },
  package: {
    noManifest: 'This zip is neither an Excel workbook nor a content package with imsmanifest.xml',
    noItems: 'The content package lists no question or test files',
    missingFile: 'The manifest names {{file}}, which is not in the archive',
    badManifest: 'imsmanifest.xml is not well-formed XML',
  },
  input: {
    tooLarge: 'The file is {{mb}} MB, more than the {{maxMb}} MB allowed',
    tooManyItems: 'The file has {{count}} questions; one import takes at most {{max}}: split it',
  },
  job: {
    timeout: 'The import ran past {{seconds}} s and was stopped',
    memory: 'The import needed more memory than allowed and was stopped',
    cancelled: 'The import was cancelled',
    busy: '{{running}} imports are already running; try again when one has finished',
    failed: 'The import failed',
    notFound: 'No such import (imports running when the server restarted must be started again)',
  },
  unreadable: 'The file could not be read',
};
