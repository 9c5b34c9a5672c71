/** Event kinds of the queue; `a`/`b` are integer arguments whose meaning each kind names. */
export const EV_ACTION = 1; // a = action index
export const EV_DELIVER = 2; // a = directed link id
export const EV_PRIMARY_FLUSH = 3; // a = node, b = epoch
export const EV_REPLICA_FLUSH = 4; // a = node, b = epoch
export const EV_REPLAY = 5; // a = node, b = epoch
export const EV_WORKLOAD_WRITE = 6; // b = workload generation
export const EV_WORKLOAD_READ = 7; // b = workload generation
export const EV_SEMI_SYNC_TIMEOUT = 8; // a = node (primary), b = write id
export const EV_STALL_CHECK = 9; // a = node (primary)
export const EV_STATUS_INTERVAL = 10; // a = node (standby), b = connection id
export const EV_SENDER_TIMEOUT = 11; // a = node (primary), b = standby
export const EV_RECEIVER_TIMEOUT = 12; // a = node (standby), b = connection id
export const EV_RECONNECT = 13; // a = node (standby), b = epoch
export const EV_PROMOTE_DONE = 14; // a = node, b = epoch
export const EV_WAL_WRITER = 15; // a = node (primary), b = epoch
export const EV_CHECKPOINT = 16; // a = node (primary), b = epoch
export const EV_FAILOVER_CHECK = 17; // a = node (old primary), b = epoch
export const EV_READ_SERVE = 18; // a = pending read id
export const EV_READ_DONE = 19; // a = pending read id
export const EV_READ_TIMEOUT = 20; // a = pending read id
export const EV_WRITE_SERVE = 21; // a = write id
export const EV_LOGICAL = 22; // a = subscription index * 8 + what (logical/decoder.ts), b = its worker generation
export const EV_MULTI_PRIMARY = 23; // a = argument * 4 + what (multiprimary/events.ts), b = its generation
