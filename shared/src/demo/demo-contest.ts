/**
 * The demo contest: a fictional municipal final of a branch-secretary contest, modelled on
 * the Hengyang 2021 final of domain.md (比知识 15%, 悟思想 15%, 述行动 70%). People and
 * organisations are invented; the questions are well-established Party-history, Party-
 * constitution and civic facts, so the demo can be run in front of a real audience.
 * `examples/demo-contest.json` is generated from this file by `scripts/write-schema.ts`.
 */
import type { ContestFile, Question } from '../model/contest-file-schema.ts';

type Category = '党史' | '党章党规' | '基层治理' | '法治';

function choice(
  kind: 'single' | 'multiple',
  id: string,
  category: Category,
  text: string,
  options: string[],
  answer: string[],
  explanation: string,
): Question {
  const keyed = options.map((t, i) => ({ key: String.fromCharCode(65 + i), text: t }));
  return { id, kind, category, text, options: keyed, answer, explanation };
}

function single(
  id: string,
  category: Category,
  text: string,
  options: string[],
  answer: string,
  why: string,
): Question {
  return choice('single', id, category, text, options, [answer], why);
}

function multiple(
  id: string,
  category: Category,
  text: string,
  options: string[],
  answer: string[],
  why: string,
): Question {
  return choice('multiple', id, category, text, options, answer, why);
}

function trueFalse(id: string, category: Category, text: string, answer: boolean, why: string): Question {
  return { id, kind: 'truefalse', category, text, answer: [String(answer)], explanation: why };
}

function open(id: string, category: Category, text: string, reference: string, why: string): Question {
  return { id, kind: 'open', category, text, answer: [], reference, explanation: why };
}

/** The demo question bank: 20 for the required round, 16 for the buzzer round, 4 in reserve. */
export const DEMO_QUESTIONS: Question[] = [
  // Required round (必答): two per contestant.
  single(
    'q01',
    '党史',
    '中国共产党成立于哪一年？',
    ['1919年', '1921年', '1927年', '1949年'],
    'B',
    '1921年7月，中国共产党第一次全国代表大会召开，宣告中国共产党正式成立。',
  ),
  single(
    'q02',
    '党史',
    '中共一大最后一天的会议转移到了哪里举行？',
    ['杭州西湖', '嘉兴南湖', '南京玄武湖', '武汉东湖'],
    'B',
    '中共一大在上海开幕，因受到法租界巡捕干扰，最后一天的会议转移到浙江嘉兴南湖的一条游船上举行。',
  ),
  trueFalse(
    'q03',
    '党史',
    '遵义会议于1935年1月召开。',
    true,
    '1935年1月，中共中央政治局在贵州遵义召开扩大会议，这是党的历史上一个生死攸关的转折点。',
  ),
  single(
    'q04',
    '党史',
    '开启改革开放和社会主义现代化建设新时期的党的十一届三中全会，召开于哪一年？',
    ['1976年', '1978年', '1982年', '1992年'],
    'B',
    '党的十一届三中全会于1978年12月召开，实现了新中国成立以来党的历史上具有深远意义的伟大转折。',
  ),
  multiple(
    'q05',
    '党史',
    '毛泽东所说的中国共产党在中国革命中战胜敌人的“三大法宝”是指哪些？',
    ['统一战线', '武装斗争', '党的建设', '土地革命'],
    ['A', 'B', 'C'],
    '1939年，毛泽东在《〈共产党人〉发刊词》中指出：统一战线、武装斗争、党的建设，是中国共产党在中国革命中战胜敌人的三个法宝。',
  ),
  multiple(
    'q06',
    '党史',
    '党的三大优良作风是指哪些？',
    ['理论联系实际', '密切联系群众', '批评和自我批评', '勤俭节约'],
    ['A', 'B', 'C'],
    '1945年，毛泽东在《论联合政府》中把理论和实践相结合、和人民群众紧密地联系在一起、自我批评概括为党区别于其他政党的显著标志，即三大优良作风。',
  ),
  trueFalse(
    'q07',
    '党史',
    '南昌起义打响了武装反抗国民党反动派的第一枪。',
    true,
    '1927年8月1日南昌起义，打响了武装反抗国民党反动派的第一枪，8月1日后来成为中国人民解放军建军节。',
  ),
  open(
    'q08',
    '党章党规',
    '中国共产党的根本宗旨是什么？',
    '全心全意为人民服务。',
    '党章总纲：党除了工人阶级和最广大人民群众的利益，没有自己特殊的利益；全心全意为人民服务是党的根本宗旨。',
  ),
  single(
    'q09',
    '党章党规',
    '按照党章规定，预备党员的预备期为多长时间？',
    ['半年', '一年', '两年', '三年'],
    'B',
    '党章第七条：预备党员的预备期为一年。',
  ),
  trueFalse(
    'q10',
    '党章党规',
    '预备党员享有表决权、选举权和被选举权。',
    false,
    '党章第七条：预备党员的权利，除了没有表决权、选举权和被选举权以外，也同正式党员一样。',
  ),
  single(
    'q11',
    '党章党规',
    '按照党章规定，企业、农村、机关、学校等基层单位，凡是有正式党员几人以上的，都应当成立党的基层组织？',
    ['三人', '五人', '七人', '十人'],
    'A',
    '党章第三十条：企业、农村、机关、学校、医院、科研院所、街道社区、社会组织等基层单位，凡是有正式党员三人以上的，都应当成立党的基层组织。',
  ),
  open(
    'q12',
    '党章党规',
    '党支部的“三会一课”指的是什么？',
    '定期召开支部党员大会、支部委员会会议、党小组会，按时上好党课。',
    '“三会一课”是党的组织生活的基本制度。',
  ),
  single(
    'q13',
    '党章党规',
    '按照党章规定，党的全国代表大会每几年举行一次？',
    ['三年', '四年', '五年', '十年'],
    'C',
    '党章第十九条：党的全国代表大会每五年举行一次，由中央委员会召集。',
  ),
  single(
    'q14',
    '党史',
    '1949年3月，党的七届二中全会在哪里召开？',
    ['延安', '西柏坡', '瑞金', '北平'],
    'B',
    '党的七届二中全会在河北平山县西柏坡召开，毛泽东在会上提出了“两个务必”。',
  ),
  open(
    'q15',
    '党史',
    '毛泽东在党的七届二中全会上提出的“两个务必”是什么？',
    '务必使同志们继续地保持谦虚、谨慎、不骄、不躁的作风，务必使同志们继续地保持艰苦奋斗的作风。',
    '“两个务必”是在新中国即将诞生之际提出的，至今仍是党员干部的警示。',
  ),
  trueFalse(
    'q16',
    '法治',
    '中华人民共和国第一部宪法于1954年由第一届全国人民代表大会第一次会议通过。',
    true,
    '1954年9月，第一届全国人民代表大会第一次会议通过了《中华人民共和国宪法》，这是新中国第一部社会主义类型的宪法。',
  ),
  single(
    'q17',
    '法治',
    '国家宪法日是每年的哪一天？',
    ['3月15日', '7月1日', '10月1日', '12月4日'],
    'D',
    '现行宪法于1982年12月4日通过；2014年，全国人大常委会决定将12月4日设立为国家宪法日。',
  ),
  trueFalse(
    'q18',
    '基层治理',
    '居民委员会是基层人民政府的派出机关。',
    false,
    '居民委员会是居民自我管理、自我教育、自我服务的基层群众性自治组织；街道办事处才是市辖区、不设区的市人民政府的派出机关。',
  ),
  single(
    'q19',
    '基层治理',
    '根据2018年修正的《中华人民共和国村民委员会组织法》，村民委员会每届任期几年？',
    ['三年', '四年', '五年', '六年'],
    'C',
    '2018年修正后的村民委员会组织法规定：村民委员会每届任期五年，届满应当及时举行换届选举。',
  ),
  multiple(
    'q20',
    '党史',
    '下列会议中，召开于红军长征途中的有哪些？',
    ['遵义会议', '古田会议', '黎平会议', '洛川会议'],
    ['A', 'C'],
    '黎平会议（1934年12月）和遵义会议（1935年1月）召开于长征途中；古田会议召开于1929年12月，洛川会议召开于1937年8月。',
  ),

  // Buzzer round (抢答).
  single(
    'q21',
    '党史',
    '中国共产党创建的第一个农村革命根据地是哪一个？',
    ['井冈山革命根据地', '陕甘革命根据地', '鄂豫皖革命根据地', '湘鄂西革命根据地'],
    'A',
    '1927年10月，毛泽东率领秋收起义部队到达井冈山，创建了第一个农村革命根据地。',
  ),
  open(
    'q22',
    '党史',
    '1931年11月，中华苏维埃共和国临时中央政府在哪里成立？',
    '江西瑞金。',
    '中华苏维埃共和国临时中央政府于1931年11月在江西瑞金成立。',
  ),
  trueFalse(
    'q23',
    '党史',
    '古田会议于1929年12月在福建上杭古田召开。',
    true,
    '1929年12月，红四军党的第九次代表大会在福建上杭古田召开，确立了思想建党、政治建军的原则。',
  ),
  open(
    'q24',
    '党史',
    '1936年10月，红军三大主力在哪里会师，标志着长征胜利结束？',
    '甘肃会宁和宁夏将台堡（答出会宁即可）。',
    '1936年10月，红一、红四方面军在甘肃会宁会师，红一、红二方面军在宁夏将台堡会师，长征胜利结束。',
  ),
  single(
    'q25',
    '党史',
    '中国人民抗日战争胜利于哪一年？',
    ['1937年', '1943年', '1945年', '1949年'],
    'C',
    '1945年，中国人民取得抗日战争的伟大胜利。',
  ),
  trueFalse('q26', '党史', '五四运动发生于1919年。', true, '1919年5月4日爆发的五四运动是中国新民主主义革命的开端。'),
  single(
    'q27',
    '党史',
    '每年的7月1日是什么纪念日？',
    ['中国共产党成立纪念日', '中国人民解放军建军节', '国庆节', '五四青年节'],
    'A',
    '7月1日是中国共产党成立纪念日。',
  ),
  open(
    'q28',
    '党章党规',
    '“为中国人民谋幸福，为中华民族谋复兴”是中国共产党人的什么？',
    '初心和使命。',
    '党的十九大报告指出：中国共产党人的初心和使命，就是为中国人民谋幸福，为中华民族谋复兴。',
  ),
  multiple(
    'q29',
    '党史',
    '新民主主义革命时期压在中国人民头上的“三座大山”是指哪些？',
    ['帝国主义', '封建主义', '官僚资本主义', '民族资本主义'],
    ['A', 'B', 'C'],
    '新民主主义革命的对象是帝国主义、封建主义和官僚资本主义。',
  ),
  single(
    'q30',
    '党章党规',
    '按照党章规定，党的最高领导机关是什么？',
    ['中央政治局', '党的全国代表大会和它所产生的中央委员会', '中央书记处', '中央纪律检查委员会'],
    'B',
    '党章第十条：党的最高领导机关，是党的全国代表大会和它所产生的中央委员会。',
  ),
  open(
    'q31',
    '党章党规',
    '党章规定的党的思想路线是什么？',
    '一切从实际出发，理论联系实际，实事求是，在实践中检验真理和发展真理。',
    '见党章总纲。',
  ),
  trueFalse(
    'q32',
    '基层治理',
    '村民委员会是村民自我管理、自我教育、自我服务的基层群众性自治组织。',
    true,
    '《中华人民共和国村民委员会组织法》第二条作此规定。',
  ),
  single(
    'q33',
    '法治',
    '《中华人民共和国民法典》自哪一天起施行？',
    ['2020年5月28日', '2021年1月1日', '2021年7月1日', '2022年1月1日'],
    'B',
    '民法典于2020年5月28日经十三届全国人大三次会议通过，自2021年1月1日起施行。',
  ),
  multiple(
    'q34',
    '党章党规',
    '“四个意识”是指哪些？',
    ['政治意识', '大局意识', '核心意识', '看齐意识', '忧患意识'],
    ['A', 'B', 'C', 'D'],
    '“四个意识”即政治意识、大局意识、核心意识、看齐意识。',
  ),
  open(
    'q35',
    '党史',
    '抗日战争时期中共中央所在地、被誉为“革命圣地”的是哪座城市？',
    '延安。',
    '1937年1月至1947年3月，中共中央驻在延安。',
  ),
  single(
    'q36',
    '党章党规',
    '按照《中国共产党支部工作条例（试行）》，党支部每月相对固定几天开展主题党日？',
    ['1天', '2天', '3天', '4天'],
    'A',
    '支部工作条例规定，党支部每月相对固定1天开展主题党日，组织党员集中学习、过组织生活、进行民主议事和志愿服务等。',
  ),

  // Reserve (备用题): for a tie or a replaced question.
  trueFalse(
    'q37',
    '党章党规',
    '按照《中国共产党支部工作条例（试行）》，支部党员大会一般每季度召开1次。',
    true,
    '支部工作条例规定：支部党员大会一般每季度召开1次，党支部委员会会议一般每月召开1次，党小组会一般每月召开1次。',
  ),
  open(
    'q38',
    '党史',
    '党的十一届三中全会作出了把党和国家的工作中心转移到什么上来的战略决策？',
    '经济建设上来，实行改革开放。',
    '十一届三中全会作出把党和国家工作中心转移到经济建设上来、实行改革开放的历史性决策。',
  ),
  single(
    'q39',
    '党史',
    '中共一大在哪座城市开幕？',
    ['北京', '上海', '广州', '武汉'],
    'B',
    '1921年7月23日，中共一大在上海法租界望志路106号开幕。',
  ),
  multiple(
    'q40',
    '党史',
    '下列人物中，出席了中共一大的有哪些？',
    ['毛泽东', '董必武', '李大钊', '陈潭秋'],
    ['A', 'B', 'D'],
    '毛泽东、董必武、陈潭秋都是中共一大代表；陈独秀、李大钊因故未能出席。',
  ),
];

const ids = (from: number, to: number): string[] =>
  Array.from({ length: to - from + 1 }, (_, i) => `q${String(from + i).padStart(2, '0')}`);

/** The demo contest: a one-stage final with ten finalists, seven judges and three scored parts. */
export const DEMO_CONTEST: ContestFile = {
  format: 1,
  title: '2026年度“学思践悟”支部书记擂台赛 · 决赛',
  subtitle: '比知识 · 悟思想 · 述行动',
  organiser: '中共江城市委组织部（演示数据）',
  locale: 'zh-CN',
  contestants: [
    { id: 'c01', name: '李红梅', organisation: '青山县红旗村党支部', mentor: '周建华（县委组织部）', seat: 1 },
    { id: 'c02', name: '王志刚', organisation: '江北区向阳社区党委', mentor: '刘振东（区委党校）', seat: 2 },
    { id: 'c03', name: '陈思远', organisation: '市财政局机关第二党支部', mentor: '杨丽（市直机关工委）', seat: 3 },
    { id: 'c04', name: '刘晓燕', organisation: '市第一中学教师第一党支部', mentor: '胡启明（市教育局）', seat: 4 },
    {
      id: 'c05',
      name: '张海涛',
      organisation: '江城机械制造有限公司装配车间党支部',
      mentor: '罗斌（市国资委）',
      seat: 5,
    },
    { id: 'c06', name: '赵静', organisation: '市中心医院内科党支部', mentor: '唐慧（市卫生健康委）', seat: 6 },
    { id: 'c07', name: '黄国强', organisation: '桃源镇桃源村党总支', mentor: '邓永红（镇党委）', seat: 7 },
    { id: 'c08', name: '吴丽华', organisation: '城南街道光明社区党委', mentor: '谢文（街道党工委）', seat: 8 },
    {
      id: 'c09',
      name: '孙文博',
      organisation: '市自然资源和规划局机关第一党支部',
      mentor: '彭程（市委党校）',
      seat: 9,
    },
    {
      id: 'c10',
      name: '周敏',
      organisation: '城东物流园非公企业联合党支部',
      mentor: '曾凡（市非公经济组织党工委）',
      seat: 10,
    },
  ],
  judges: [
    { id: 'j1', name: '陈立新', title: '市委党校教授' },
    { id: 'j2', name: '林秀英', title: '市委党史研究室主任' },
    { id: 'j3', name: '郑国华', title: '市委组织部副部长' },
    { id: 'j4', name: '许文涛', title: '省委党校党建教研部教授' },
    { id: 'j5', name: '何雅琴', title: '市直机关工委副书记' },
    { id: 'j6', name: '马建军', title: '优秀村党组织书记代表' },
    { id: 'j7', name: '宋晓光', title: '市融媒体中心主持人' },
  ],
  questions: DEMO_QUESTIONS,
  stages: [
    {
      id: 'final',
      name: '决赛',
      groups: [
        {
          id: 'finalists',
          name: '决赛选手',
          contestantIds: ['c01', 'c02', 'c03', 'c04', 'c05', 'c06', 'c07', 'c08', 'c09', 'c10'],
        },
      ],
      parts: [{ id: 'knowledge', name: '比知识', basePoints: 100 }],
      segments: [
        {
          id: 'knowledge-required',
          name: '比知识 · 必答',
          kind: 'required',
          part: 'knowledge',
          fullMarks: 20,
          weight: 10,
          questionIds: ids(1, 20),
          settings: {
            pointsCorrect: 10,
            pointsWrong: 0,
            pointsTimeout: 0,
            answerSeconds: 30,
            questionsPerContestant: 2,
          },
        },
        {
          id: 'knowledge-buzzer',
          name: '比知识 · 抢答',
          kind: 'buzzer',
          part: 'knowledge',
          fullMarks: 30,
          weight: 5,
          questionIds: ids(21, 36),
          settings: {
            pointsCorrect: 10,
            pointsWrong: -10,
            falseStartPenalty: 5,
            answerSeconds: 20,
            buzzSeconds: 10,
            openDelayMs: 300,
          },
        },
        {
          id: 'reflection',
          name: '悟思想',
          kind: 'judged',
          fullMarks: 100,
          weight: 15,
          settings: { trim: { drop: 1, minScores: 5 }, performanceSeconds: 180, warningSeconds: 30 },
        },
        {
          id: 'action',
          name: '述行动',
          kind: 'judged',
          fullMarks: 100,
          weight: 70,
          settings: {
            criteria: [
              { id: 'results', name: '实绩成效', max: 40 },
              { id: 'innovation', name: '创新特色', max: 30 },
              { id: 'delivery', name: '现场表达', max: 30 },
            ],
            trim: { drop: 1, minScores: 5 },
            performanceSeconds: 420,
            warningSeconds: 60,
          },
        },
      ],
      tieBreaks: ['action', 'reflection'],
    },
  ],
  awards: {
    tiers: [
      { id: 'first', name: '一等奖', count: 1 },
      { id: 'second', name: '二等奖', count: 2 },
      { id: 'third', name: '三等奖', count: 3 },
      { id: 'excellence', name: '优秀奖' },
    ],
    singleItem: [
      { id: 'best-speech', name: '最佳演讲奖', segmentId: 'reflection' },
      { id: 'best-action', name: '最佳实绩奖', segmentId: 'action' },
    ],
    popularity: { name: '人气奖', by: 'cheers' },
  },
  audience: { commentMode: 'review' },
};
