import type { ConfigOf } from '../../inputs/catalog.ts'
import type { OperationContext } from '../context.ts'

/** What the doctor's checks get: the doctor's own fields of the configuration (inputs/catalog.ts). */
export type DoctorContext = OperationContext<Omit<ConfigOf<'doctor'>, 'operation'>>
