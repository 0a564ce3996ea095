/**
 * The audience features' messages (live page, danmaku layer), Chinese first; the moderation
 * tab's are in screens/host/moderation/moderation-i18n.ts.
 * Kept beside the feature so three engineers do not edit one dictionary at once; the lead may
 * merge it into core/i18n. English must define every key (the compiler checks).
 */
import { useMemo } from 'react';
import { useLocale, type MessageVars } from '../../core/i18n/i18n.ts';

export const audienceZh = {
  'aud.likes': '点赞',
  'aud.likeCount': '{count} 个赞',
  'aud.cheers': '人气榜',
  'aud.cheer': '助力',
  'aud.cheered': '已助力',
  'aud.cheerHint': '每个阶段可为一位选手助力一次',
  'aud.commentPlaceholder': '发一条弹幕，文明观赛',
  'aud.send': '发送',
  'aud.sent': '已发送',
  'aud.queued': '已提交，审核后上屏',
  'aud.wait': '请稍候 {s} 秒',
  'aud.blocked': '内容不符合规范，未发送',
  'aud.closed': '弹幕已关闭',
  'aud.muted': '您已被禁言',
  'aud.tooLong': '最多 {n} 个字',
  'aud.failed': '发送失败，请重试',
  'aud.nickname': '昵称',
  'aud.changeNickname': '修改',
  'aud.save': '保存',
  'aud.cancel': '取消',
  'aud.nicknameBad': '昵称不符合规范',
  'aud.color': '颜色',
  'aud.color.white': '白',
  'aud.color.gold': '金',
  'aud.color.red': '红',
  'aud.color.cyan': '青',
  'aud.color.green': '绿',
  'aud.recent': '最新弹幕',
  'aud.noComments': '还没有弹幕，来发第一条吧',
  'aud.playAlong': '观众同答',
  'aud.playAlongWaiting': '主持人开放题目后，您可以在这里一起作答',
  'aud.answered': '已作答，等待公布答案',
  'aud.submit': '提交答案',
  'aud.right': '回答正确 +1',
  'aud.wrong': '回答错误',
  'aud.missed': '本题未作答',
  'aud.correctAnswer': '正确答案：{answer}',
  'aud.myScore': '我的得分 {points} 分 · 已答 {answered} 题',
  'aud.leaderboard': '观众排行榜',
  'aud.points': '{points} 分',
  'aud.true': '正确',
  'aud.false': '错误',
  'aud.answers': '{count} 人作答',
} as const;

export type AudienceKey = keyof typeof audienceZh;

export const audienceEn: Record<AudienceKey, string> = {
  'aud.likes': 'Likes',
  'aud.likeCount': '{count} likes',
  'aud.cheers': 'Popularity',
  'aud.cheer': 'Cheer',
  'aud.cheered': 'Cheered',
  'aud.cheerHint': 'One cheer for one contestant per stage',
  'aud.commentPlaceholder': 'Send a comment, kindly',
  'aud.send': 'Send',
  'aud.sent': 'Sent',
  'aud.queued': 'Sent; it shows once a moderator approves it',
  'aud.wait': 'Please wait {s} s',
  'aud.blocked': 'That comment is not allowed',
  'aud.closed': 'Comments are closed',
  'aud.muted': 'You have been muted',
  'aud.tooLong': 'At most {n} characters',
  'aud.failed': 'Could not send; try again',
  'aud.nickname': 'Nickname',
  'aud.changeNickname': 'Change',
  'aud.save': 'Save',
  'aud.cancel': 'Cancel',
  'aud.nicknameBad': 'That nickname is not allowed',
  'aud.color': 'Colour',
  'aud.color.white': 'White',
  'aud.color.gold': 'Gold',
  'aud.color.red': 'Red',
  'aud.color.cyan': 'Cyan',
  'aud.color.green': 'Green',
  'aud.recent': 'Latest comments',
  'aud.noComments': 'No comments yet: send the first',
  'aud.playAlong': 'Play along',
  'aud.playAlongWaiting': 'When the host opens a question, answer it here',
  'aud.answered': 'Answered; waiting for the result',
  'aud.submit': 'Submit',
  'aud.right': 'Right! +1',
  'aud.wrong': 'Wrong',
  'aud.missed': 'Not answered',
  'aud.correctAnswer': 'Answer: {answer}',
  'aud.myScore': 'My score {points} · answered {answered}',
  'aud.leaderboard': 'Audience leaderboard',
  'aud.points': '{points} pts',
  'aud.true': 'True',
  'aud.false': 'False',
  'aud.answers': '{count} answered',
};

/** Fill a template's `{slots}`. */
export function fill(template: string, vars?: MessageVars): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (slot, name: string) => {
    const v = vars[name];
    return v === undefined ? slot : String(v);
  });
}

export const translateAudience = (locale: 'zh-CN' | 'en', key: AudienceKey, vars?: MessageVars): string =>
  fill((locale === 'en' ? audienceEn : audienceZh)[key], vars);

export function useAudienceT(): (key: AudienceKey, vars?: MessageVars) => string {
  const locale = useLocale((s) => s.locale);
  return useMemo(() => (key: AudienceKey, vars?: MessageVars) => translateAudience(locale, key, vars), [locale]);
}
