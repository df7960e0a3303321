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
    encoding: 'XML 声明的编码「{{encoding}}」无法读取',
    roots: 'XML 文件应有且只有一个根元素，实际有 {{count}} 个',
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
    noQuestions: '文件中没有找到 {{format}} 格式的试题',
    wrongRoot: '不是 {{format}} 文件：根元素应为 <{{expected}}>',
  },
  text: {
    binary: '这是二进制数据，不是文本格式的试题文件',
  },
  csv: {
    unreadable: '无法按 CSV 读取：{{detail}}',
  },
  sheet: {
    noHeader: '所有工作表（{{sheets}}）中都没有找到表头行；需要「题目」（或题干/试题内容）、「类型」（或题型/试题类型）、「答案」（或正确答案）、「选项A」…「选项F」等列',
    noHeaderCsv: '前 20 行中没有找到表头行；需要「题目」（或题干/试题内容）、「类型」（或题型/试题类型）、「答案」（或正确答案）、「选项A」…「选项F」等列',
  },
  qti: {
    otherDialect: '这是 {{found}} 试题，不是 {{expected}}；请按 {{found}} 导入',
    testOnly: '测验（assessment test）文件只引用试题文件，请导入试题文件本身',
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
    encoding: 'The XML declares the encoding "{{encoding}}", which cannot be read',
    roots: 'An XML file needs exactly one root element; this one has {{count}}',
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
    noQuestions: 'No {{format}} questions were found in the file',
    wrongRoot: 'Not a {{format}} file: the root element must be <{{expected}}>',
  },
  text: {
    binary: 'This is binary data, not a text question file',
  },
  csv: {
    unreadable: 'Not readable as CSV: {{detail}}',
  },
  sheet: {
    noHeader: 'No header row was found in any sheet ({{sheets}}); the columns 题目 (or 题干/试题内容), 类型 (or 题型/试题类型), 答案 (or 正确答案) and 选项A…选项F are expected',
    noHeaderCsv: 'No header row was found in the first 20 rows; the columns 题目 (or 题干/试题内容), 类型 (or 题型/试题类型), 答案 (or 正确答案) and 选项A…选项F are expected',
  },
  qti: {
    otherDialect: 'This is a {{found}} item, not {{expected}}; import it as {{found}}',
    testOnly: 'An assessment test only refers to item files; import the item files themselves',
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
