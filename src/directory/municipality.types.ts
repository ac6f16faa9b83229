import { Field, ObjectType } from 'type-graphql';
import { GeoPoint } from '../shared/geo';
import { Node } from '../access';

@ObjectType('Municipality', {
  simpleResolvers: true,
  implements: Node,
  description: 'A municipality (Kommune, Gemeinde) of the district. All 28 of Landkreis Kassel are always present.',
})
export class Municipality extends Node {
  @Field({ description: 'Name, e.g. "Baunatal".' })
  name: string;

  @Field({ description: 'Stable readable identifier, e.g. "fuldabrueck".' })
  slug: string;

  @Field(() => String, {
    nullable: true,
    description: 'Official municipality key (Amtlicher Gemeindeschlüssel, 8 digits), where known.',
  })
  officialKey: string | null;

  @Field({ description: 'The district it belongs to, e.g. "Landkreis Kassel".' })
  district: string;

  @Field(() => GeoPoint, { nullable: true, description: 'Approximate centre of the town (within a few km), for distances.' })
  location: GeoPoint | null;
}
