import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { ContestState } from '@leitai/shared';
import { currentSegment, currentStage, neighbourContestant } from '../../core/contest-view.ts';
import { useT } from '../../core/i18n/i18n.ts';
import { ConnectionStatus } from '../../ui/connection-status.tsx';
import { LocaleToggle } from '../../ui/locale-toggle.tsx';
import { ScreenGate } from '../../ui/screen-gate.tsx';
import { useContest } from '../../ui/session-context.tsx';
import { ToastStack } from '../../ui/toasts.tsx';
import { ClusterIndicator } from './cluster-indicator.tsx';
import { CoreAwayBanner } from '../../ui/core-away-banner.tsx';
import { ContestantList } from './contestant-list.tsx';
import { DevicesPanel } from './devices-panel.tsx';
import { useHostCommands } from './host-commands.ts';
import { RunOfShow, StatusChip } from './run-of-show.tsx';
import { NowCard, ScenePicker } from './scene-picker.tsx';
import { SeatsPanel } from './seats-panel.tsx';
import { keyPressOf } from './key-table.ts';
import { shortcutFor } from './shortcuts.ts';
import { ShortcutHelp } from './shortcut-help.tsx';
import { JudgingPanel } from './judging/judging-panel.tsx';
import { ResultsPanel } from './results/results-panel.tsx';
import { ModerationPanel, ModerationTab } from './moderation/moderation-tab.tsx';
import { KnowledgePanel } from './knowledge/knowledge-panel.tsx';
import { WrittenPanel, WrittenTab } from './written/written-panel.tsx';
import { NightPanel, NightTab, nightCount } from './night/night-panel.tsx';

type Tab = 'control' | 'judging' | 'results' | 'seats' | 'devices' | 'moderation' | 'written' | 'night';

/** The host's control panel. */
export function HostScreen() {
  return (
    <>
      <ScreenGate>{(contest) => <HostPanel contest={contest} />}</ScreenGate>
      <ToastStack />
    </>
  );
}

function HostPanel({ contest }: { contest: ContestState }) {
  const t = useT();
  const [tab, setTab] = useState<Tab>('control');
  const [help, setHelp] = useState(false);
  const [clusterOpen, setClusterOpen] = useState(false);
  const clusterOn = useContest((s) => s.cluster !== null);
  const { run, busy } = useHostCommands();
  const contestId = useContest((s) => s.welcome?.contestId ?? s.contest?.contestId ?? '');
  useHostShortcuts(contest, run, setHelp, clusterOn ? setClusterOpen : null);
  const stage = currentStage(contest);
  const segment = currentSegment(contest);
  // A written test can be open before its stage starts (or beside another stage's segment): say so.
  const writing = contest.definition.stages.flatMap((st) =>
    st.segments
      .filter((g) => g.kind === 'written' && contest.written[g.id]?.status === 'open')
      .map((g) => ({ stage: st, segment: g })),
  );
  const deviceCount = Object.keys(contest.devices).length;
  useEffect(() => {
    document.title = `${contest.definition.title} · ${t('host.title')}`;
  }, [contest.definition.title, t]);

  return (
    <div className="host">
      <header className="host-head">
        <div className="host-brand" aria-hidden="true">
          擂
        </div>
        <div className="host-titles">
          <h1 data-testid="contest-title">{contest.definition.title}</h1>
          <p className="host-now" data-testid="host-now">
            {stage ? (
              <>
                <span>{stage.name}</span>
                {segment && (
                  <>
                    <span className="host-now-sep">/</span>
                    <span>{segment.name}</span>
                    <span className={`kind kind-${segment.kind}`}>{t(`kind.${segment.kind}`)}</span>
                  </>
                )}
                <StatusChip status={segment ? 'running' : (contest.stageStatus[stage.id] ?? 'pending')} />
              </>
            ) : (
              writing.length === 0 && <span>{t('waiting.stage')}</span>
            )}
            {writing
              .filter((w) => w.segment.id !== segment?.id)
              .map((w) => (
                <span key={w.segment.id} className="host-now-written" data-testid="host-now-written">
                  {t('host.writtenOpen', { name: w.segment.name, stage: w.stage.name })}
                </span>
              ))}
          </p>
        </div>
        <div className="host-head-tools">
          <span className="host-scene-badge" data-testid="live-scene">
            {t('host.liveScene')}：{t(`scene.${contest.scene}`)}
          </span>
          <ClusterIndicator open={clusterOpen} onToggle={setClusterOpen} />
          <ConnectionStatus />
          <LocaleToggle />
          <button
            type="button"
            className="host-help-btn"
            onClick={() => setHelp(true)}
            title={t('host.shortcutsHint')}
            aria-label={t('host.shortcuts')}
            data-testid="shortcut-button"
          >
            ?
          </button>
        </div>
      </header>
      <CoreAwayBanner />

      <nav className="host-tabs" role="tablist">
        {(['control', 'judging', 'results', 'seats', 'devices'] as const).map((id) => (
          <button
            type="button"
            key={id}
            role="tab"
            aria-selected={tab === id}
            className={tab === id ? 'is-active' : ''}
            data-testid={`tab-${id}`}
            onClick={() => setTab(id)}
          >
            {t(`host.tab.${id}`)}
            {id === 'devices' && <span className="tab-count">{deviceCount}</span>}
          </button>
        ))}
        <ModerationTab active={tab === 'moderation'} onSelect={() => setTab('moderation')} />
        <WrittenTab active={tab === 'written'} onSelect={() => setTab('written')} />
        <NightTab active={tab === 'night'} onSelect={() => setTab('night')} count={nightCount(contest)} />
      </nav>

      {tab === 'control' && <KnowledgePanel contest={contest} run={run} busy={busy} />}
      {tab === 'control' && (
        <main className="host-grid">
          <section className="panel panel-ros">
            <h2>{t('host.runOfShow')}</h2>
            <RunOfShow contest={contest} run={run} busy={busy} />
          </section>
          <section className="panel panel-roster">
            <h2>{t('host.contestants')}</h2>
            <ContestantList contest={contest} run={run} busy={busy} />
          </section>
          <section className="panel panel-scene">
            <h2>{t('host.scene')}</h2>
            <ScenePicker contest={contest} run={run} busy={busy} />
            <NowCard contest={contest} />
            <p className="panel-hint">{t('host.shortcutsHint')}</p>
          </section>
        </main>
      )}
      {tab === 'judging' && (
        <main className="host-single">
          <JudgingPanel contest={contest} run={run} busy={busy} />
        </main>
      )}
      {tab === 'results' && (
        <main className="host-single">
          <ResultsPanel contest={contest} run={run} />
        </main>
      )}
      {tab === 'seats' && (
        <main className="host-single panel">
          <SeatsPanel contestId={contestId} />
        </main>
      )}
      {tab === 'moderation' && <ModerationPanel contest={contest} />}
      {tab === 'written' && (
        <main className="host-single">
          <WrittenPanel contest={contest} run={run} />
        </main>
      )}
      {tab === 'night' && <NightPanel contest={contest} />}
      {tab === 'devices' && (
        <main className="host-single panel">
          <h2>
            {t('host.tab.devices')} <small>{t('host.devices.count', { count: deviceCount })}</small>
          </h2>
          <DevicesPanel contest={contest} />
        </main>
      )}
      {help && <ShortcutHelp onClose={() => setHelp(false)} cluster={clusterOn} />}
    </div>
  );
}

/** 1–9 and 0 pick scenes (the key table), ←/→ step through the roster, ? toggles the help, H the cluster health, Esc closes them. */
function useHostShortcuts(
  contest: ContestState,
  run: ReturnType<typeof useHostCommands>['run'],
  setHelp: (update: (open: boolean) => boolean) => void,
  setCluster: ((update: (open: boolean) => boolean) => void) | null,
) {
  // The listener is installed once; it reads the latest state through a ref.
  const latest = useRef({ contest, run, setCluster });
  // A layout effect: plain effects run after paint, and a key pressed in between would act on
  // the previous state.
  useLayoutEffect(() => {
    latest.current = { contest, run, setCluster };
  });
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const action = shortcutFor(keyPressOf(event));
      if (!action) return;
      const { contest: now, run: send, setCluster: cluster } = latest.current;
      // Single mode: there is no cluster health to expand, and H is not a shortcut.
      if (action.type === 'cluster' && !cluster) return;
      event.preventDefault();
      switch (action.type) {
        case 'scene':
          // Always sent: whether the scene already shows is the server's decide to say (a no-op
          // then, not a refusal). A page that skipped the key for the scene it believed it shows
          // lost a fast second key (0 then 1) while its view still lagged behind the first.
          send({ type: 'ChooseScene', data: { scene: action.scene } });
          return;
        case 'step': {
          const next = neighbourContestant(now, action.step);
          if (next) send({ type: 'SetCurrentContestant', data: { contestantId: next.id } });
          return;
        }
        case 'help':
          setHelp((open) => !open);
          return;
        case 'close':
          setHelp(() => false);
          cluster?.(() => false);
          return;
        case 'cluster':
          cluster?.((open) => !open);
          return;
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [setHelp]);
}
