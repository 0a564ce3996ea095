/** The committed docs/protocol-schemas/*.schema.json files, each imported by name (a new schema needs its import here). */
import ContestSnapshotFrame from '../../docs/protocol-schemas/ContestSnapshotFrame.schema.json' with { type: 'json' };
import ContestEventsFrame from '../../docs/protocol-schemas/ContestEventsFrame.schema.json' with { type: 'json' };
import CommandAck from '../../docs/protocol-schemas/CommandAck.schema.json' with { type: 'json' };
import ResyncAck from '../../docs/protocol-schemas/ResyncAck.schema.json' with { type: 'json' };
import ClockPingAck from '../../docs/protocol-schemas/ClockPingAck.schema.json' with { type: 'json' };
import WrittenProctorFrame from '../../docs/protocol-schemas/WrittenProctorFrame.schema.json' with { type: 'json' };
import AudienceFrameFrame from '../../docs/protocol-schemas/AudienceFrameFrame.schema.json' with { type: 'json' };
import AudienceMeFrame from '../../docs/protocol-schemas/AudienceMeFrame.schema.json' with { type: 'json' };
import AudienceIdentityFrame from '../../docs/protocol-schemas/AudienceIdentityFrame.schema.json' with { type: 'json' };
import ModerationSenderAck from '../../docs/protocol-schemas/ModerationSenderAck.schema.json' with { type: 'json' };
import ModerationQueueFrame from '../../docs/protocol-schemas/ModerationQueueFrame.schema.json' with { type: 'json' };
import AudienceCommentAck from '../../docs/protocol-schemas/AudienceCommentAck.schema.json' with { type: 'json' };
import AudienceLikeAck from '../../docs/protocol-schemas/AudienceLikeAck.schema.json' with { type: 'json' };
import AudienceNicknameAck from '../../docs/protocol-schemas/AudienceNicknameAck.schema.json' with { type: 'json' };
import AudienceOkAck from '../../docs/protocol-schemas/AudienceOkAck.schema.json' with { type: 'json' };
import PlayAlongOpenAck from '../../docs/protocol-schemas/PlayAlongOpenAck.schema.json' with { type: 'json' };
import PlayAlongCloseAck from '../../docs/protocol-schemas/PlayAlongCloseAck.schema.json' with { type: 'json' };
import ModerationPopularityAck from '../../docs/protocol-schemas/ModerationPopularityAck.schema.json' with { type: 'json' };
import AudienceSyncAck from '../../docs/protocol-schemas/AudienceSyncAck.schema.json' with { type: 'json' };
import PaperWelcomeFrame from '../../docs/protocol-schemas/PaperWelcomeFrame.schema.json' with { type: 'json' };
import PaperStateFrame from '../../docs/protocol-schemas/PaperStateFrame.schema.json' with { type: 'json' };
import PaperNoticeFrame from '../../docs/protocol-schemas/PaperNoticeFrame.schema.json' with { type: 'json' };
import PaperOpenAck from '../../docs/protocol-schemas/PaperOpenAck.schema.json' with { type: 'json' };
import PaperVersionAck from '../../docs/protocol-schemas/PaperVersionAck.schema.json' with { type: 'json' };
import HttpErrorAnswer from '../../docs/protocol-schemas/HttpErrorAnswer.schema.json' with { type: 'json' };
import HealthAnswer from '../../docs/protocol-schemas/HealthAnswer.schema.json' with { type: 'json' };
import ContestListAnswer from '../../docs/protocol-schemas/ContestListAnswer.schema.json' with { type: 'json' };
import ContestCreatedAnswer from '../../docs/protocol-schemas/ContestCreatedAnswer.schema.json' with { type: 'json' };
import SeatsAnswer from '../../docs/protocol-schemas/SeatsAnswer.schema.json' with { type: 'json' };
import JoinAnswer from '../../docs/protocol-schemas/JoinAnswer.schema.json' with { type: 'json' };
import VerifyAnswer from '../../docs/protocol-schemas/VerifyAnswer.schema.json' with { type: 'json' };
import ResultsSheetAnswer from '../../docs/protocol-schemas/ResultsSheetAnswer.schema.json' with { type: 'json' };
import ReadyAnswer from '../../docs/protocol-schemas/ReadyAnswer.schema.json' with { type: 'json' };
import ReplicationStatus from '../../docs/protocol-schemas/ReplicationStatus.schema.json' with { type: 'json' };
import StandbyStatus from '../../docs/protocol-schemas/StandbyStatus.schema.json' with { type: 'json' };
import ContestJsonAnswer from '../../docs/protocol-schemas/ContestJsonAnswer.schema.json' with { type: 'json' };
import DraftReplacedAnswer from '../../docs/protocol-schemas/DraftReplacedAnswer.schema.json' with { type: 'json' };
import QuestionsPreviewAnswer from '../../docs/protocol-schemas/QuestionsPreviewAnswer.schema.json' with { type: 'json' };
import RosterPreviewAnswer from '../../docs/protocol-schemas/RosterPreviewAnswer.schema.json' with { type: 'json' };
import TakerSeatAnswer from '../../docs/protocol-schemas/TakerSeatAnswer.schema.json' with { type: 'json' };
import WrittenLinksAnswer from '../../docs/protocol-schemas/WrittenLinksAnswer.schema.json' with { type: 'json' };
import WrittenTakersAnswer from '../../docs/protocol-schemas/WrittenTakersAnswer.schema.json' with { type: 'json' };
import WrittenResultsAnswer from '../../docs/protocol-schemas/WrittenResultsAnswer.schema.json' with { type: 'json' };
import IngestSourcesAnswer from '../../docs/protocol-schemas/IngestSourcesAnswer.schema.json' with { type: 'json' };
import IngestSourceAnswer from '../../docs/protocol-schemas/IngestSourceAnswer.schema.json' with { type: 'json' };
import IngestRemovedAnswer from '../../docs/protocol-schemas/IngestRemovedAnswer.schema.json' with { type: 'json' };
import IngestPushAnswer from '../../docs/protocol-schemas/IngestPushAnswer.schema.json' with { type: 'json' };
import LogLine from '../../docs/protocol-schemas/LogLine.schema.json' with { type: 'json' };
import StandbyHealthAnswer from '../../docs/protocol-schemas/StandbyHealthAnswer.schema.json' with { type: 'json' };
import StandbyPromoteAnswer from '../../docs/protocol-schemas/StandbyPromoteAnswer.schema.json' with { type: 'json' };
import EdgeHealthAnswer from '../../docs/protocol-schemas/EdgeHealthAnswer.schema.json' with { type: 'json' };
import EdgeReadyAnswer from '../../docs/protocol-schemas/EdgeReadyAnswer.schema.json' with { type: 'json' };
import AuthoringErrorAnswer from '../../docs/protocol-schemas/AuthoringErrorAnswer.schema.json' with { type: 'json' };
import ImportRefusedAnswer from '../../docs/protocol-schemas/ImportRefusedAnswer.schema.json' with { type: 'json' };
import ContestProblemsAnswer from '../../docs/protocol-schemas/ContestProblemsAnswer.schema.json' with { type: 'json' };
import StageResults from '../../docs/protocol-schemas/StageResults.schema.json' with { type: 'json' };
import AdvancementResult from '../../docs/protocol-schemas/AdvancementResult.schema.json' with { type: 'json' };
import JudgeSheetSegment from '../../docs/protocol-schemas/JudgeSheetSegment.schema.json' with { type: 'json' };
import ScoreChange from '../../docs/protocol-schemas/ScoreChange.schema.json' with { type: 'json' };
import ScoreHistory from '../../docs/protocol-schemas/ScoreHistory.schema.json' with { type: 'json' };
import CorrectionLine from '../../docs/protocol-schemas/CorrectionLine.schema.json' with { type: 'json' };
import NightCorrectionLine from '../../docs/protocol-schemas/NightCorrectionLine.schema.json' with { type: 'json' };
import PublicResults from '../../docs/protocol-schemas/PublicResults.schema.json' with { type: 'json' };
import Welcome from '../../docs/protocol-schemas/Welcome.schema.json' with { type: 'json' };
import ClockProbe from '../../docs/protocol-schemas/ClockProbe.schema.json' with { type: 'json' };
import ClockProbeAck from '../../docs/protocol-schemas/ClockProbeAck.schema.json' with { type: 'json' };
import LinkStatusFrame from '../../docs/protocol-schemas/LinkStatusFrame.schema.json' with { type: 'json' };
import ClusterStatusFrame from '../../docs/protocol-schemas/ClusterStatusFrame.schema.json' with { type: 'json' };

/** The committed files generated from types (a new one needs its import here). */
export const FROM_TYPES: Record<string, unknown> = {
  ContestSnapshotFrame,
  ContestEventsFrame,
  CommandAck,
  ResyncAck,
  ClockPingAck,
  WrittenProctorFrame,
  AudienceFrameFrame,
  AudienceMeFrame,
  AudienceIdentityFrame,
  ModerationSenderAck,
  ModerationQueueFrame,
  AudienceCommentAck,
  AudienceLikeAck,
  AudienceNicknameAck,
  AudienceOkAck,
  PlayAlongOpenAck,
  PlayAlongCloseAck,
  ModerationPopularityAck,
  AudienceSyncAck,
  PaperWelcomeFrame,
  PaperStateFrame,
  PaperNoticeFrame,
  PaperOpenAck,
  PaperVersionAck,
  HttpErrorAnswer,
  HealthAnswer,
  ContestListAnswer,
  ContestCreatedAnswer,
  SeatsAnswer,
  JoinAnswer,
  VerifyAnswer,
  ResultsSheetAnswer,
  ReadyAnswer,
  ReplicationStatus,
  StandbyStatus,
  ContestJsonAnswer,
  DraftReplacedAnswer,
  QuestionsPreviewAnswer,
  RosterPreviewAnswer,
  TakerSeatAnswer,
  WrittenLinksAnswer,
  WrittenTakersAnswer,
  WrittenResultsAnswer,
  IngestSourcesAnswer,
  IngestSourceAnswer,
  IngestRemovedAnswer,
  IngestPushAnswer,
  LogLine,
  StandbyHealthAnswer,
  StandbyPromoteAnswer,
  EdgeHealthAnswer,
  EdgeReadyAnswer,
  AuthoringErrorAnswer,
  ImportRefusedAnswer,
  ContestProblemsAnswer,
};

/** The committed files generated from TypeBox schemas (their staleness: results-schemas.unit.spec.ts). */
export const FROM_TYPEBOX: Record<string, unknown> = {
  StageResults,
  AdvancementResult,
  JudgeSheetSegment,
  ScoreChange,
  ScoreHistory,
  CorrectionLine,
  NightCorrectionLine,
  PublicResults,
  Welcome,
  ClockProbe,
  ClockProbeAck,
  LinkStatusFrame,
  ClusterStatusFrame,
};
