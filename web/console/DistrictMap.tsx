// The district as an SVG: municipality areas (map.ts), coloured by coverage when given, and
// organisations as dots that link to their pages. Keyboard users reach every dot (they are links);
// the same facts are always in a list or table beside the map.
import { useMemo } from 'react';
import { cells, centroid, coverageClass, fitProjection, pathOf, spread, type LatLon } from './map';
import { useApp, Link } from './ui';

export interface MapMunicipality {
  id: string;
  name: string;
  location: LatLon | null;
}
export interface MapMarker {
  id: string;
  name: string;
  location: LatLon | null;
  municipalityId: string | null;
  href: string;
}

/** How far an area reaches from its centre at most: about 7 km (0.063° of latitude). */
const RADIUS_DEG = 0.063;
const WIDTH = 560;
const HEIGHT = 520;

export function DistrictMap({
  municipalities,
  markers = [],
  coverage,
  title,
}: {
  municipalities: MapMunicipality[];
  markers?: MapMarker[];
  /** Participants per municipality id: colours the areas and marks the gaps. */
  coverage?: Map<string, number>;
  title: string;
}) {
  const { t } = useApp();
  const placed = municipalities.filter((m) => m.location);
  const geometry = useMemo(() => {
    // Fitted to the centres with the areas' reach around them (RADIUS_DEG), so no area is cut off.
    const reach = placed.flatMap((m) => [
      { latitude: m.location!.latitude + RADIUS_DEG, longitude: m.location!.longitude },
      { latitude: m.location!.latitude - RADIUS_DEG, longitude: m.location!.longitude },
      { latitude: m.location!.latitude, longitude: m.location!.longitude + RADIUS_DEG / 0.62 },
      { latitude: m.location!.latitude, longitude: m.location!.longitude - RADIUS_DEG / 0.62 },
    ]);
    const projection = fitProjection(reach, WIDTH, HEIGHT, 6);
    const centres = placed.map((m) => projection.project(m.location!));
    const radius = Math.abs(
      projection.project({ latitude: 51.3, longitude: 9.4 }).y -
        projection.project({ latitude: 51.3 + RADIUS_DEG, longitude: 9.4 }).y,
    );
    return { projection, areas: cells(centres, radius), centres };
  }, [placed.map((m) => m.id).join()]);
  const byId = new Map(placed.map((m, i) => [m.id, i]));
  const dots = spread(
    markers.map((marker) => {
      if (marker.location) return geometry.projection.project(marker.location);
      const index = marker.municipalityId ? byId.get(marker.municipalityId) : undefined;
      return index === undefined ? { x: -100, y: -100 } : geometry.centres[index]!;
    }),
  );
  return (
    <figure className="map">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="group" aria-label={title}>
        {placed.map((m, i) => {
          const count = coverage?.get(m.id);
          const cls = coverage ? `area ${coverageClass(count ?? 0)}` : 'area';
          const label = centroid(geometry.areas[i]!);
          return (
            <g key={m.id} data-municipality={m.name} data-coverage={coverage ? coverageClass(count ?? 0) : undefined}>
              <path d={pathOf(geometry.areas[i]!)} className={cls}>
                <title>{coverage ? `${m.name}: ${count ?? 0}` : m.name}</title>
              </path>
              <text x={label.x} y={label.y} className="area-label" aria-hidden="true">
                {m.name}
              </text>
            </g>
          );
        })}
        {markers.map((marker, i) =>
          dots[i]!.x < 0 ? null : (
            <Link key={marker.id} to={marker.href}>
              <circle cx={dots[i]!.x} cy={dots[i]!.y} r={5} className="dot" aria-label={marker.name} role="img">
                <title>{marker.name}</title>
              </circle>
            </Link>
          ),
        )}
      </svg>
      <figcaption>
        {t('mapHelp')}
        {coverage && (
          <span className="legend">
            <span className="swatch gap" /> {t('legendGap')} <span className="swatch some" /> {t('legendSome')}{' '}
            <span className="swatch many" /> {t('legendMany')}
          </span>
        )}
      </figcaption>
    </figure>
  );
}
