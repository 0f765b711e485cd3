import { Initial1795278524448 } from './1795278524448-Initial';
import { AddMailOutbox1795279161306 } from './1795279161306-AddMailOutbox';
import { AddRegistrations1795279530834 } from './1795279530834-AddRegistrations';
import { AddQa1795287700086 } from './1795287700086-AddQa';
import { AddLiveRooms1795290826622 } from './1795290826622-AddLiveRooms';
import { AddRecordings1795292119913 } from './1795292119913-AddRecordings';
import { AddQaAnonymousNamesToModerators1795293110233 } from './1795293110233-AddQaAnonymousNamesToModerators';
import { BilingualContent1795300000000 } from './1795300000000-BilingualContent';
import { PersonalLinkOpenedAt1795310000000 } from './1795310000000-PersonalLinkOpenedAt';
import { OrganiserSessions1795320000000 } from './1795320000000-OrganiserSessions';
import { MaterialsPerTalk1795331000000 } from './1795331000000-MaterialsPerTalk';
import { RemindersAndMessages1795332000000 } from './1795332000000-RemindersAndMessages';
import { OrganiserInvitations1795334000000 } from './1795334000000-OrganiserInvitations';
import { OutboxMailHeaders1795337000000 } from './1795337000000-OutboxMailHeaders';
import { CallForProposals1795340000000 } from './1795340000000-CallForProposals';
import { RecordingProcessing1795350000000 } from './1795350000000-RecordingProcessing';

/** The migrations, in order. A new one is generated (npm run migration:generate -- Name), read, then added here. */
export const MIGRATIONS: Function[] = [Initial1795278524448, AddMailOutbox1795279161306, AddRegistrations1795279530834, AddQa1795287700086, AddLiveRooms1795290826622, AddRecordings1795292119913, AddQaAnonymousNamesToModerators1795293110233, BilingualContent1795300000000, PersonalLinkOpenedAt1795310000000, OrganiserSessions1795320000000, MaterialsPerTalk1795331000000, RemindersAndMessages1795332000000, OrganiserInvitations1795334000000, OutboxMailHeaders1795337000000, CallForProposals1795340000000, RecordingProcessing1795350000000];
