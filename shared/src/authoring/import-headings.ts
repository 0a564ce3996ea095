/**
 * The column headings the import understands, with the variants organisers' spreadsheets use
 * (WPS and exam-platform exports, older templates). A heading is compared after NFKC (full-width
 * letters and brackets become ASCII), with spaces, "*" (a "required" mark) and a trailing colon
 * removed, in lower case.
 */

/** Normalise a heading for comparison. */
export function normaliseHeading(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\s*:：]/g, '')
    .replace(/（/g, '(')
    .replace(/）/g, ')')
    .toLowerCase();
}

export const OPTION_KEYS = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'] as const;
export type OptionKey = (typeof OPTION_KEYS)[number];

export type QuestionField =
  | 'id'
  | 'kind'
  | 'text'
  | `option${OptionKey}`
  | 'answer'
  | 'explanation'
  | 'points'
  | 'seconds'
  | 'difficulty'
  | 'category'
  | 'tags'
  | 'ignored';

export type ContestantField = 'id' | 'name' | 'organisation' | 'group' | 'seat' | 'mentor' | 'seed' | 'ignored';
export type JudgeField = 'id' | 'name' | 'title' | 'ignored';

/** Canonical (template) headings, zh-CN, in template order. */
export const QUESTION_HEADINGS: Record<Exclude<QuestionField, 'ignored'>, string> = {
  id: '编号',
  kind: '题型',
  text: '题干',
  optionA: '选项A',
  optionB: '选项B',
  optionC: '选项C',
  optionD: '选项D',
  optionE: '选项E',
  optionF: '选项F',
  optionG: '选项G',
  optionH: '选项H',
  answer: '答案',
  explanation: '解析',
  points: '分值',
  seconds: '限时(秒)',
  difficulty: '难度',
  category: '知识点',
  tags: '标签',
};

/** The template headings of `fields`, in that order. */
export const templateHeadings = (fields: readonly Exclude<QuestionField, 'ignored'>[]): string[] =>
  fields.map((f) => QUESTION_HEADINGS[f]);

/** The columns of a bank of four-option questions without ids, as organisers often fill the template. */
export const FOUR_OPTION_BANK_FIELDS = [
  'kind',
  'text',
  'optionA',
  'optionB',
  'optionC',
  'optionD',
  'answer',
  'explanation',
  'points',
  'seconds',
  'difficulty',
  'category',
  'tags',
] as const satisfies readonly Exclude<QuestionField, 'ignored'>[];

export const CONTESTANT_HEADINGS: Record<Exclude<ContestantField, 'ignored'>, string> = {
  id: '编号',
  name: '姓名',
  organisation: '单位/支部',
  group: '组别',
  seat: '座位号',
  mentor: '导师',
  seed: '种子(直通赛段)',
};

export const JUDGE_HEADINGS: Record<Exclude<JudgeField, 'ignored'>, string> = {
  id: '编号',
  name: '姓名',
  title: '职务/头衔',
};

const optionAliases = (k: OptionKey): string[] => [`选项${k}`, k, `${k}选项`, `option${k}`, `选项${k}内容`];

const QUESTION_ALIASES: Record<QuestionField, string[]> = {
  id: ['编号', '题号', '试题编号', '题目编号', 'id', 'questionid'],
  kind: ['题型', '类型', '题目类型', '试题类型', '题型名称', 'type', 'kind'],
  text: ['题干', '题目', '试题内容', '题目内容', '试题', '问题', '题面', '题干内容', 'question', 'text'],
  optionA: optionAliases('A'),
  optionB: optionAliases('B'),
  optionC: optionAliases('C'),
  optionD: optionAliases('D'),
  optionE: optionAliases('E'),
  optionF: optionAliases('F'),
  optionG: optionAliases('G'),
  optionH: optionAliases('H'),
  answer: ['答案', '正确答案', '参考答案', '标准答案', '试题答案', 'answer'],
  explanation: ['解析', '答案解析', '试题解析', '解释', '题目解析', 'explanation'],
  points: ['分值', '分数', '题目分值', '每题分值', 'points', 'score'],
  seconds: [
    '限时(秒)',
    '限时',
    '时限',
    '时限(秒)',
    '答题时间',
    '答题时间(秒)',
    '答题时限(秒)',
    '时间(秒)',
    'seconds',
    'timelimit',
  ],
  difficulty: ['难度', '难易度', '难易程度', '难度等级', 'difficulty'],
  category: ['知识点', '考点', '分类', '类别', '题目分类', '知识点/标签', '知识点分类', 'category'],
  tags: ['标签', '关键词', '关键字', 'tags', 'tag'],
  ignored: ['序号', '备注', '出题人', '来源'],
};

const CONTESTANT_ALIASES: Record<ContestantField, string[]> = {
  id: ['编号', '选手编号', '参赛编号', 'id'],
  name: ['姓名', '选手姓名', '选手', '名字', '参赛选手', 'name'],
  organisation: [
    '单位/支部',
    '单位',
    '支部',
    '所在单位',
    '所在支部',
    '工作单位',
    '党支部',
    '单位名称',
    '代表单位',
    'organisation',
    'organization',
  ],
  group: ['组别', '分组', '小组', '联络组', '所在组', 'group'],
  seat: ['座位号', '座位', '席位号', '席位', '号位', '抽签号', '出场顺序', 'seat'],
  mentor: ['导师', '指导老师', '指导教师', 'mentor'],
  seed: ['种子(直通赛段)', '种子', '种子选手', '直通', '直通赛段', '直接进入', 'seed'],
  ignored: ['序号', '备注', '性别', '联系电话', '电话', '手机'],
};

const JUDGE_ALIASES: Record<JudgeField, string[]> = {
  id: ['编号', '评委编号', 'id'],
  name: ['姓名', '评委姓名', '评委', '名字', 'name'],
  title: ['职务/头衔', '职务', '头衔', '职称', '职务职称', '单位及职务', 'title'],
  ignored: ['序号', '备注', '联系电话', '电话', '手机'],
};

function lookup<F extends string>(aliases: Record<F, string[]>): Map<string, F> {
  const map = new Map<string, F>();
  for (const [field, names] of Object.entries(aliases) as [F, string[]][]) {
    for (const n of names) map.set(normaliseHeading(n), field);
  }
  return map;
}

const QUESTION_LOOKUP = lookup(QUESTION_ALIASES);
const CONTESTANT_LOOKUP = lookup(CONTESTANT_ALIASES);
const JUDGE_LOOKUP = lookup(JUDGE_ALIASES);

/** The field a question-bank heading means, or undefined when unknown. */
export const questionField = (heading: string): QuestionField | undefined =>
  QUESTION_LOOKUP.get(normaliseHeading(heading));
export const contestantField = (heading: string): ContestantField | undefined =>
  CONTESTANT_LOOKUP.get(normaliseHeading(heading));
export const judgeField = (heading: string): JudgeField | undefined => JUDGE_LOOKUP.get(normaliseHeading(heading));

/** A few accepted variants of a canonical heading, for "missing column" messages. */
export function headingVariants(kind: 'question' | 'contestant' | 'judge', field: string): string[] {
  const table: Record<string, string[]> =
    kind === 'question' ? QUESTION_ALIASES : kind === 'contestant' ? CONTESTANT_ALIASES : JUDGE_ALIASES;
  return (table[field] ?? []).filter((n) => /[^\x20-\x7e]/.test(n)).slice(0, 4);
}
