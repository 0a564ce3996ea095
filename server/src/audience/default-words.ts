/**
 * The small word list that ships. Deliberately mild and generic: common insults and the usual
 * spam and advertising phrases. Organisers add their own list from the host panel (or import a
 * text file, one word a line); that list lives in the audience stream, not in this repository.
 */
export const DEFAULT_WORDS: readonly string[] = [
  // insults
  '傻逼',
  '煞笔',
  '脑残',
  '白痴',
  '智障',
  '蠢货',
  '废物',
  '滚蛋',
  '去死',
  '他妈的',
  '操你',
  '垃圾选手',
  '黑幕',
  // spam and advertising
  '加微信',
  '加我微信',
  '加vx',
  '加qq',
  '代开发票',
  '刷单',
  '兼职日结',
  '私聊有惊喜',
  '点击链接',
  '免费领取',
  '网赌',
  '博彩',
  '贷款秒批',
  // English
  'fuck',
  'shit',
];
