/**
 * How much longer a fiber route is than the great circle between its ends. Cables follow
 * roads, railways and pipelines, so a map that gives only its PoPs' coordinates
 * underestimates every span.
 *
 * Bozkurt et al., "Dissecting Latency in the Internet's Fiber Infrastructure"
 * (arXiv:1811.10737, 2018), measured shortest paths through the conduits of the
 * InterTubes map of US long-haul fiber (Durairajan et al., SIGCOMM 2015) between the 120
 * largest US population centres: median 1.3 × the great-circle distance (against the 2.1
 * of end-to-end Internet latency, which adds routing policy on top).
 */
export const DEFAULT_ROUTE_FACTOR = 1.3;

/** The lines the generated scenario carries next to its lengths. */
export const ROUTE_FACTOR_SOURCE = [
  'the median fiber path / great-circle distance over the US long-haul conduit map (Bozkurt et al.,',
  '"Dissecting Latency in the Internet\'s Fiber Infrastructure", arXiv:1811.10737, 2018).',
];
