/** 人证核验 on the proctor console (#17): the photo, the check and how it was made. */
export const identityZhCN = {
  title: '人证核验：{{target}}',
  photo: '报名照片',
  noPhoto: '没有照片',
  photoAlt: '{{name}} 的报名照片',
  outcome: '核验结果',
  outcomes: {
    passed: '核验通过',
    passed_with_note: '核验通过（有备注）',
    refused: '核验不通过',
  },
  method: '核验方式',
  methods: {
    id_card: '身份证',
    photo: '照片比对',
    other: '其他',
  },
  note: '备注',
  notePlaceholder: '例如：发型与照片不同，核对身份证号一致',
  admitNow: '核验通过后允许开考',
  record: '记录核验结果',
  notChecked: '未核验',
  settingsRequired: '开考前须记录人证核验结果',
  privacy: '照片与证件仅供本考场监考员、管理员和评审组查看，每次查看均记录在审计日志中。',
};
