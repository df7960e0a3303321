/**
 * 相关专业 from the certification notice (section 三.5), verbatim, plus the school's own eligible
 * programmes listed in its remark 1 (信息安全技术应用, 大数据技术应用). Data, not code: a new notice
 * changes this list and nothing else.
 */
export const RELATED_MAJORS: readonly string[] = [
  '信息安全', '网络空间安全', '网络信息安全', '网络与信息安全', '信息安全与管理', '网络安全与执法', '保密技术',
  '大数据技术与应用', '电子技术应用', '电子商务技术', '电子与计算机工程', '电子与信息技术', '工业互联网技术应用',
  '计算机程序设计', '计算机科学与技术', '计算机网络技术', '计算机网络应用', '网络工程', '计算机系统与维护',
  '计算机信息管理', '计算机应用技术', '计算机应用与维修', '计算机与数码产品维修', '空间信息与数字技术', '区块链工程',
  '人工智能技术服务', '人工智能技术应用', '软件工程', '软件技术', '软件与信息服务', '数据科学与大数据技术',
  '数字媒体技术', '数字媒体技术应用', '通信技术', '通信网络应用', '通信系统工程安装与维护', '通信运营服务',
  '网络安防系统安装与维护', '网站建设与管理', '物联网工程', '物联网技术应用', '物联网应用技术', '新媒体技术',
  '虚拟现实技术', '虚拟现实技术应用', '虚拟现实应用技术', '移动应用技术与服务', '移动应用开发', '云计算技术应用',
  '云计算技术与应用', '智能科学与技术',
  // 备注1: the school's programmes
  '信息安全技术应用', '大数据技术应用',
];

/** Spaces, full-width brackets and a trailing 专业 do not make a different major. */
export function normaliseMajor(major: string): string {
  return major
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/（/g, '(')
    .replace(/）/g, ')')
    .replace(/\(.*?\)$/, '')
    .replace(/专业$/, '');
}

const RELATED = new Set(RELATED_MAJORS.map(normaliseMajor));
export const isRelatedMajor = (major: string) => RELATED.has(normaliseMajor(major));
