/** Server error keys of exam day on the candidate's side (starting a part, screenshots, documents). */
export const examErrorsZhCN = {
  screenshotImage: {
    undecodable: '图片无法显示（图像数据损坏或不是真正的图片），未保存。请重新截图后上传',
    hiddenData: '图片中夹带了与图像无关的数据，未保存。请直接上传截图',
  },
  document: {
    undecodable: '图片无法显示（图像数据损坏），请重新扫描或拍照后上传',
    tooHeavy: '文件过于复杂，无法在限定时间和内存内完成检查，未保存。请重新扫描或导出后上传',
    pdfDamaged: 'PDF 文件已损坏或不完整，请重新导出后上传',
    pdfActive: 'PDF 中含有脚本、附件等活动内容，不予接受，请另存为普通 PDF 或图片后上传',
    empty: '文件是空的',
    wrongType: '只接受 PDF、PNG 或 JPEG 文件',
  },
  examStart: {
    otherPartRunning: {
      theory: '理论知识考试正在进行中：请先交卷，再开始本科目',
      skills: '技能考核正在进行中：请先交卷，再开始本科目',
      review: '综合评审正在进行中：请结束后再开始本科目',
    },
  },
};
