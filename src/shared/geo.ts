import { Max, Min } from 'class-validator';
import { Field, Float, InputType, ObjectType } from 'type-graphql';

/** Largest radius a geo filter accepts: more than the district, less than "everything". */
export const MAX_RADIUS_KM = 500;

@ObjectType({ simpleResolvers: true, description: 'A point on earth (WGS 84).' })
export class GeoPoint {
  @Field(() => Float, { description: 'Latitude in degrees, -90..90.' })
  latitude: number;

  @Field(() => Float, { description: 'Longitude in degrees, -180..180.' })
  longitude: number;
}

@InputType({ description: 'A point on earth (WGS 84).' })
export class GeoPointInput {
  @Field(() => Float, { description: 'Latitude in degrees, -90..90.' })
  @Min(-90)
  @Max(90)
  latitude: number;

  @Field(() => Float, { description: 'Longitude in degrees, -180..180.' })
  @Min(-180)
  @Max(180)
  longitude: number;
}

@InputType({ description: 'Everything within `radiusKm` kilometres of a point.' })
export class GeoRadiusInput extends GeoPointInput {
  @Field(() => Float, { description: `Radius in kilometres, more than 0 and at most ${MAX_RADIUS_KM}.` })
  @Min(0.001)
  @Max(MAX_RADIUS_KM)
  radiusKm: number;
}

/**
 * SQL condition "within radius": the cube box test uses the GiST index, the
 * exact distance test trims the box's corners.
 */
export function withinRadius(point: string, latitude: string, longitude: string, radiusMetres: string): string {
  return `earth_box(ll_to_earth(${latitude}, ${longitude}), ${radiusMetres}) @> ${point}
      AND earth_distance(ll_to_earth(${latitude}, ${longitude}), ${point}) <= ${radiusMetres}`;
}
