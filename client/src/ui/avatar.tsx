import { useState } from 'react';
import { initialOf } from '../core/contest-view.ts';

/** A contestant's photo, or their initial on a gold-ringed disc when there is none (or it fails to load). */
export function Avatar({
  name,
  photo,
  className = '',
}: {
  name: string;
  photo?: string | undefined;
  className?: string;
}) {
  const [broken, setBroken] = useState(false);
  if (photo && !broken) {
    return <img className={`avatar ${className}`} src={photo} alt={name} onError={() => setBroken(true)} />;
  }
  return (
    <span className={`avatar avatar-initial ${className}`} aria-hidden="true">
      {initialOf(name)}
    </span>
  );
}
