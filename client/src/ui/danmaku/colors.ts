import type { CommentColor } from '@leitai/shared';

/** The comment colours as drawn on the dark stage. */
export const COLOR_FILL: Record<CommentColor, string> = {
  white: '#ffffff',
  gold: '#f3d98a',
  red: '#ff6b5e',
  cyan: '#7fe3f0',
  green: '#9be58c',
};
