/**
 * The small badge a platform comment carries on the stage, the overlay and in the moderator's
 * queue: the platform's name on its colour (white ink; dark ink where the colour is light).
 */
import type { CommentSource } from '@leitai/shared';

export const SOURCE_BADGES: Record<CommentSource, { fill: string; ink: string; zh: string; en: string }> = {
  bilibili: { fill: '#fb7299', ink: '#ffffff', zh: 'B站', en: 'bilibili' },
  douyin: { fill: '#161823', ink: '#ffffff', zh: '抖音', en: 'Douyin' },
  kuaishou: { fill: '#ff5000', ink: '#ffffff', zh: '快手', en: 'Kuaishou' },
  wechat: { fill: '#fa9d3b', ink: '#1a1a1a', zh: '视频号', en: 'Channels' },
};

export const badgeLabel = (source: CommentSource, locale: 'zh-CN' | 'en'): string =>
  locale === 'en' ? SOURCE_BADGES[source].en : SOURCE_BADGES[source].zh;
