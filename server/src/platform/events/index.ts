export {
  announce,
  busChannels,
  busSourceOf,
  createEventBus,
  type BusChannel,
  type BusHandler,
  type BusMessages,
  type EventBus,
  type EventBusSource,
  type IncidentNotice,
  type UserNotice,
} from './event-bus.js';
