/**
 * The contest file's validation problems in an organiser's words: the path
 * (`stages[1].segments[0].weight`) becomes a label naming the stage, segment and field
 * (「第 2 阶段「复赛」· 环节「必答」· 权重」), and the validator's English message gets its
 * Chinese text. Used by the editor to show each problem next to its field.
 */
import type { ContestFileProblem } from '../model/validate-contest-file.ts';

export interface ProblemText {
  /** The problem's path, as the validator gives it (the editor keys its fields by it). */
  path: string;
  label: { zh: string; en: string };
  message: { zh: string; en: string };
}

const FIELD: Record<string, [string, string]> = {
  title: ['标题', 'title'],
  subtitle: ['副标题', 'subtitle'],
  organiser: ['主办单位', 'organiser'],
  locale: ['语言', 'language'],
  id: ['编号', 'id'],
  name: ['名称', 'name'],
  organisation: ['单位', 'unit'],
  group: ['分组', 'group'],
  mentor: ['指导老师', 'mentor'],
  seat: ['座位号', 'seat'],
  kind: ['类型', 'kind'],
  text: ['题干', 'text'],
  options: ['选项', 'options'],
  answer: ['答案', 'answer'],
  reference: ['参考答案', 'reference'],
  points: ['分值', 'points'],
  seconds: ['限时', 'time limit'],
  difficulty: ['难度', 'difficulty'],
  tags: ['标签', 'tags'],
  groups: ['分组', 'groups'],
  contestantIds: ['选手', 'contestants'],
  parts: ['计分部分', 'scored parts'],
  segments: ['环节', 'segments'],
  fullMarks: ['满分', 'full marks'],
  weight: ['权重', 'weight'],
  part: ['计分部分', 'scored part'],
  questionIds: ['题目', 'questions'],
  reserveQuestionIds: ['备用题', 'reserve questions'],
  questionDraw: ['抽题', 'question draw'],
  judgeIds: ['评委', 'judges'],
  settings: ['设置', 'settings'],
  pointsCorrect: ['答对得分', 'points if right'],
  pointsWrong: ['答错得分', 'points if wrong'],
  pointsTimeout: ['超时得分', 'points on timeout'],
  answerSeconds: ['答题时间', 'answer time'],
  questionsPerContestant: ['每人题数', 'questions per contestant'],
  falseStartPenalty: ['抢跑扣分', 'false-start penalty'],
  buzzSeconds: ['抢答时间', 'buzz time'],
  openDelayMs: ['开抢延迟', 'open delay'],
  criteria: ['评分项', 'criteria'],
  max: ['满分', 'maximum'],
  trim: ['去分规则', 'trimmed mean'],
  drop: ['去掉最高/最低各', 'drop highest/lowest'],
  minScores: ['最少评分数', 'minimum scores'],
  performanceSeconds: ['展示时间', 'performance time'],
  warningSeconds: ['提醒时间', 'warning time'],
  pointsPerQuestion: ['每题分值', 'points per question'],
  draw: ['按类别抽题', 'draw by category'],
  tieBreaks: ['同分比较', 'tie-breaks'],
  advancement: ['晋级', 'advancement'],
  perGroup: ['每组晋级人数', 'advance per group'],
  bySegmentIds: ['按环节排名', 'rank by segments'],
  toStageId: ['晋级到', 'advance to'],
  seededContestantIds: ['种子选手', 'seeded contestants'],
  basePoints: ['基础分', 'base points'],
  awards: ['奖项', 'awards'],
  tiers: ['等级奖', 'award tiers'],
  count: ['名额', 'count'],
  singleItem: ['单项奖', 'single-item awards'],
  segmentId: ['环节', 'segment'],
  popularity: ['人气奖', 'popularity award'],
  audience: ['观众', 'audience'],
};

const SEGMENT_KIND: Record<string, [string, string]> = {
  required: ['必答', 'required'],
  buzzer: ['抢答', 'buzzer'],
  judged: ['评分', 'judged'],
  written: ['笔试', 'written'],
};

type Part = { key: string } | { index: number };

function parsePath(path: string): Part[] {
  const parts: Part[] = [];
  const re = /([A-Za-z_$][A-Za-z0-9_$]*)|\[(\d+)\]/g;
  for (const m of path.matchAll(re)) {
    if (m[1] !== undefined) parts.push({ key: m[1] });
    else parts.push({ index: Number(m[2]) });
  }
  return parts;
}

const at = (o: unknown, k: string | number): unknown =>
  o !== null && typeof o === 'object' ? (o as Record<string | number, unknown>)[k] : undefined;
const nameOf = (o: unknown): string | undefined => {
  const n = at(o, 'name');
  const id = at(o, 'id');
  return typeof n === 'string' && n !== '' ? n : typeof id === 'string' ? id : undefined;
};

/** A readable label for a path in this contest file. */
export function problemLabel(file: unknown, path: string): { zh: string; en: string } {
  if (path === '') return { zh: '比赛文件', en: 'contest file' };
  const zh: string[] = [];
  const en: string[] = [];
  let node: unknown = file;
  let parent = '';
  const parts = parsePath(path);
  for (const p of parts) {
    if ('key' in p) {
      node = at(node, p.key);
      parent = p.key;
      const f = FIELD[p.key];
      // Collections are named by their items below; a leaf field is named here.
      if (['stages', 'contestants', 'judges', 'questions'].includes(p.key)) continue;
      if (['segments', 'groups', 'parts', 'criteria', 'tiers', 'singleItem'].includes(p.key)) continue;
      zh.push(f ? f[0] : p.key);
      en.push(f ? f[1] : p.key);
      continue;
    }
    const item = at(node, p.index);
    const n = nameOf(item);
    const q = n ? `「${n}」` : '';
    const no = p.index + 1;
    switch (parent) {
      case 'stages':
        zh.push(`第 ${no} 阶段${q}`);
        en.push(`stage ${no}${n ? ` "${n}"` : ''}`);
        break;
      case 'segments': {
        const kind = SEGMENT_KIND[String(at(item, 'kind'))];
        zh.push(`环节${q || `第 ${no} 个`}${kind ? `（${kind[0]}）` : ''}`);
        en.push(`segment ${n ? `"${n}"` : no}`);
        break;
      }
      case 'contestants':
        zh.push(`第 ${no} 位选手${q}`);
        en.push(`contestant ${no}${n ? ` "${n}"` : ''}`);
        break;
      case 'judges':
        zh.push(`第 ${no} 位评委${q}`);
        en.push(`judge ${no}${n ? ` "${n}"` : ''}`);
        break;
      case 'questions':
        zh.push(`第 ${no} 题${at(item, 'id') ? `（${String(at(item, 'id'))}）` : ''}`);
        en.push(`question ${no}`);
        break;
      case 'groups':
        zh.push(`分组${q || `第 ${no} 个`}`);
        en.push(`group ${n ? `"${n}"` : no}`);
        break;
      case 'parts':
        zh.push(`计分部分${q || `第 ${no} 个`}`);
        en.push(`part ${n ? `"${n}"` : no}`);
        break;
      case 'criteria':
        zh.push(`评分项${q || `第 ${no} 项`}`);
        en.push(`criterion ${n ? `"${n}"` : no}`);
        break;
      case 'tiers':
        zh.push(`等级奖${q || `第 ${no} 个`}`);
        en.push(`tier ${n ? `"${n}"` : no}`);
        break;
      case 'singleItem':
        zh.push(`单项奖${q || `第 ${no} 个`}`);
        en.push(`single-item award ${n ? `"${n}"` : no}`);
        break;
      default:
        zh.push(`第 ${no} 项`);
        en.push(`item ${no}`);
    }
    node = item;
  }
  return { zh: zh.join(' · '), en: en.join(' · ') };
}

/** Chinese text of the validator's English messages (pattern → replacement); unknown ones stay English. */
const MESSAGES: [RegExp, string][] = [
  [/^is required \(one of (.*)\)$/, '必须填写（可选：$1）'],
  [/^is required$/, '必须填写'],
  [/^is not an allowed property$/, '不是允许的字段'],
  [/^must be an object$/, '格式不对（应为对象）'],
  [/^must be an array$/, '格式不对（应为列表）'],
  [/^must have at least (\d+) items?$/, '至少需要 $1 项'],
  [/^must have at most (\d+) items$/, '最多 $1 项'],
  [/^must be a string$/, '应为文字'],
  [/^must not be empty$/, '不能为空'],
  [/^must be at least (\d+) characters$/, '至少 $1 个字'],
  [/^must be at most (\d+) characters$/, '最多 $1 个字'],
  [/^must be a number$/, '应为数字'],
  [/^must be a whole number$/, '应为整数'],
  [/^must be at least (-?[\d.]+)$/, '不能小于 $1'],
  [/^must be at most (-?[\d.]+)$/, '不能大于 $1'],
  [/^must be greater than (-?[\d.]+)$/, '必须大于 $1'],
  [/^must be less than (-?[\d.]+)$/, '必须小于 $1'],
  [/^must be one of (.*)$/, '只能是 $1 之一'],
  [/^(".*") is not a valid id .*$/, '$1 不是有效的编号（字母、数字、“_”“-”，1–64 个字符，以字母或数字开头）'],
  [/^(".*") is not a single capital letter A-Z$/, '$1 不是单个大写字母 A–Z'],
  [/^(-?[\d.]+) has more than two decimals$/, '$1 超过两位小数'],
  [/^duplicate segment id '(.*)' \(also (.*)\); .*$/, '环节编号「$1」重复（全场比赛的环节编号不能相同）'],
  [/^duplicate (\w+) id '(.*)' \(also .*\)$/, '编号「$2」重复'],
  [/^'(.*)' is listed twice in .*$/, '「$1」列出了两次'],
  [/^seat (\d+) of '(.*)' is already taken by '(.*)'$/, '座位号 $1 已被「$3」使用'],
  [/^answer '(.*)' of question '(.*)' is not one of its option keys \((.*)\)$/, '答案「$1」不是此题的选项（$3）'],
  [/^option key '(.*)' of question '(.*)' is used twice$/, '选项「$1」重复'],
  [/^single-choice question '(.*)' needs options$/, '单选题需要选项'],
  [/^single-choice question '(.*)' needs exactly one answer key, got (\d+)$/, '单选题只能有一个答案（现为 $2 个）'],
  [/^multiple-choice question '(.*)' needs options$/, '多选题需要选项'],
  [/^multiple-choice question '(.*)' needs at least one answer key$/, '多选题至少需要一个答案'],
  [/^true\/false question '(.*)' takes no options.*$/, '判断题不设选项'],
  [/^true\/false question '(.*)' needs the answer.*$/, '判断题的答案须为“对”或“错”'],
  [/^open question '(.*)' takes no options$/, '问答题不设选项'],
  [/^open question '(.*)' must have an empty answer.*$/, '问答题的答案留空（参考答案写在“参考答案”中）'],
  [/^open question '(.*)' needs a reference answer.*$/, '问答题需要参考答案'],
  [/^unknown contestant '(.*)'$/, '没有选手「$1」'],
  [/^unknown judge '(.*)'$/, '没有评委「$1」'],
  [/^unknown question '(.*)'$/, '题库中没有题目「$1」'],
  [/^unknown stage '(.*)'$/, '没有阶段「$1」'],
  [/^unknown part '(.*)' in stage '(.*)'$/, '本阶段没有计分部分「$1」'],
  [/^unknown segment '(.*)' for award '(.*)'$/, '没有环节「$1」'],
  [/^unknown segment '(.*)' in stage '(.*)'$/, '本阶段没有环节「$1」'],
  [/^contestant '(.*)' is listed twice in group '(.*)'$/, '选手「$1」在本组中列出了两次'],
  [/^contestant '(.*)' is already in group '(.*)' of stage '(.*)'$/, '选手「$1」已在本阶段的分组「$2」中'],
  [/^part '(.*)' is not fed by any segment of stage '(.*)'$/, '计分部分「$1」没有任何环节计入'],
  [/^part id '(.*)' is also a segment id .*$/, '计分部分编号「$1」与环节编号相同'],
  [/^weights of stage '(.*)' sum to (.*), not 100$/, '各环节权重之和须为 100（现为 $2）'],
  [/^stage '(.*)' can only advance to a later stage, not '(.*)'$/, '只能晋级到后面的阶段，不能到「$2」'],
  [/^stage '(.*)' is the last stage: there is no stage to advance to$/, '这是最后一个阶段，没有可晋级的阶段'],
  [/^only the last tier may omit count .*$/, '只有最后一个等级奖可以不填名额'],
  [/^judged segment '(.*)' has no judges.*$/, '评分环节没有评委（请先添加评委）'],
  [/^question '(.*)' is both asked and a reserve in segment '(.*)'$/, '题目「$1」既是正式题又是备用题'],
  [
    /^required segment '(.*)' has (\d+) questions but needs (\d+) \((\d+) per contestant × (\d+) contestants\)$/,
    '必答题只有 $2 道，需要 $3 道（每人 $4 道 × $5 位选手）',
  ],
  [
    /^segment '(.*)' drops (\d+) highest and (\d+) lowest, so minScores must be more than (\d+), not (\d+)$/,
    '去掉最高、最低各 $2 个分数，最少评分数须大于 $4（现为 $5）',
  ],
  [
    /^criteria maxima of segment '(.*)' sum to (.*), not its full marks (.*)$/,
    '各评分项满分之和为 $2，与环节满分 $3 不一致',
  ],
  [/^written segment '(.*)' cannot use open question '(.*)'.*$/, '笔试不能用问答题「$2」（笔试自动判分）'],
  [
    /^full marks (.*) of written segment '(.*)' are not its paper's total (.*) \((\d+) questions? × (.*) points?\)$/,
    '满分 $1 与试卷总分 $3 不一致（$4 道题 × 每题 $5 分）',
  ],
  [
    /^full marks (.*) of written segment '(.*)' are no paper's total: its draw gives (.*) to (.*) \((\d+) to (\d+) questions × (.*) points?\)$/,
    '满分 $1 不是任何一份试卷的总分：按抽题规则，每份试卷 $5–$6 道题 × 每题 $7 分，总分 $3–$4',
  ],
  [/^the contest file must be a JSON object$/, '比赛文件必须是 JSON 对象'],
  [/^must be (\d+) \(the supported format version\)$/, '必须是 $1（支持的格式版本）'],
];

/** The Chinese text of one validator message (the English text when no translation is known). */
export function problemMessageZh(message: string): string {
  for (const [re, zh] of MESSAGES) if (re.test(message)) return message.replace(re, zh);
  return message;
}

/** Each problem with its readable label and message in both languages. */
export function describeProblems(file: unknown, problems: readonly ContestFileProblem[]): ProblemText[] {
  return problems.map((p) => ({
    path: p.path,
    label: problemLabel(file, p.path),
    message: { zh: problemMessageZh(p.message), en: p.message },
  }));
}

/** One line for a problem: 「第 2 阶段「复赛」· 环节「必答」（必答） · 权重：各环节权重之和须为 100」. */
export function problemLine(p: ProblemText, locale: 'zh-CN' | 'en'): string {
  return locale === 'en' ? `${p.label.en}: ${p.message.en}` : `${p.label.zh}：${p.message.zh}`;
}
