import { useMemo } from 'react';
import { useLocale, type MessageVars } from '../../../core/i18n/i18n.ts';
import { fill } from '../../../ui/danmaku/audience-i18n.ts';

/** The platform sources panel's messages (audience tab), Chinese first. */
export const sourcesZh = {
  'src.title': '直播平台弹幕',
  'src.none': '还没有接入直播平台。添加后，平台弹幕与本页弹幕一样经过过滤、审核、限速、禁言和一键清屏。',
  'src.add': '添加来源',
  'src.cancel': '取消',
  'src.save': '保存',
  'src.kind': '接入方式',
  'src.kind.bilibili': 'B站直播间（开放平台长连）',
  'src.kind.webhook': '平台推送（签名 Webhook）',
  'src.platform': '平台',
  'src.platform.douyin': '抖音',
  'src.platform.kuaishou': '快手',
  'src.platform.wechat': '视频号',
  'src.name': '名称',
  'src.baseUrl': '开放平台接口地址',
  'src.appId': '项目 ID（App ID）',
  'src.accessKeyId': 'Access Key ID',
  'src.accessKeySecret': 'Access Key Secret',
  'src.code': '主播身份码',
  'src.secret': '签名密钥（至少 16 位）',
  'src.countLikes': '平台点赞计入人气（点赞数）',
  'src.keysNote': '密钥只保存在服务器上（加密存储），不会再显示在任何屏幕上。',
  'src.start': '启动',
  'src.stop': '停止',
  'src.remove': '删除',
  'src.confirmRemove': '删除来源“{name}”？',
  'src.pushPath': '推送地址',
  'src.state.stopped': '已停止',
  'src.state.connecting': '连接中',
  'src.state.connected': '已连接',
  'src.state.retrying': '重试中',
  'src.state.refused': '已拒绝：密钥或身份码错误',
  'src.retryIn': '{s} 秒后重试',
  'src.c.comments': '弹幕',
  'src.c.shown': '上屏',
  'src.c.queued': '待审',
  'src.c.filtered': '拦截',
  'src.c.muted': '禁言',
  'src.c.rateLimited': '限速',
  'src.c.likes': '点赞',
  'src.c.gifts': '礼物',
  'src.c.reconnects': '重连',
  'src.failed': '操作失败：{message}',
} as const;

export type SourcesKey = keyof typeof sourcesZh;

export const sourcesEn: Record<SourcesKey, string> = {
  'src.title': 'Platform danmaku',
  'src.none':
    'No platform connected yet. Once added, platform comments go through the same filter, review, rate limits, bans and kill switch as this page’s.',
  'src.add': 'Add source',
  'src.cancel': 'Cancel',
  'src.save': 'Save',
  'src.kind': 'Connection',
  'src.kind.bilibili': 'bilibili live room (open platform)',
  'src.kind.webhook': 'Platform push (signed webhook)',
  'src.platform': 'Platform',
  'src.platform.douyin': 'Douyin',
  'src.platform.kuaishou': 'Kuaishou',
  'src.platform.wechat': 'WeChat Channels',
  'src.name': 'Name',
  'src.baseUrl': 'Open-platform API base URL',
  'src.appId': 'App ID',
  'src.accessKeyId': 'Access Key ID',
  'src.accessKeySecret': 'Access Key Secret',
  'src.code': 'Streamer identity code',
  'src.secret': 'Signing secret (16+ characters)',
  'src.countLikes': 'Platform likes count toward popularity (likes)',
  'src.keysNote': 'Keys stay on the server (sealed) and are never shown on any screen again.',
  'src.start': 'Start',
  'src.stop': 'Stop',
  'src.remove': 'Remove',
  'src.confirmRemove': 'Remove source “{name}”?',
  'src.pushPath': 'Push URL',
  'src.state.stopped': 'Stopped',
  'src.state.connecting': 'Connecting',
  'src.state.connected': 'Connected',
  'src.state.retrying': 'Retrying',
  'src.state.refused': 'Refused: bad key or identity code',
  'src.retryIn': 'retry in {s} s',
  'src.c.comments': 'Comments',
  'src.c.shown': 'Shown',
  'src.c.queued': 'Queued',
  'src.c.filtered': 'Blocked',
  'src.c.muted': 'Muted',
  'src.c.rateLimited': 'Limited',
  'src.c.likes': 'Likes',
  'src.c.gifts': 'Gifts',
  'src.c.reconnects': 'Reconnects',
  'src.failed': 'Failed: {message}',
};

export function useSourcesT(): (key: SourcesKey, vars?: MessageVars) => string {
  const locale = useLocale((s) => s.locale);
  return useMemo(() => {
    const table = locale === 'en' ? sourcesEn : sourcesZh;
    return (key, vars) => fill(table[key], vars);
  }, [locale]);
}
