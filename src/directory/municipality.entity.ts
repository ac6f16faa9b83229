import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A municipality (Kommune) of the district; rows are shipped by a migration. */
@Entity('municipality')
export class MunicipalityEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('text') slug: string;
  @Column('text') name: string;
  @Column('text', { name: 'official_key', nullable: true }) officialKey: string | null;
  @Column('text') district: string;
  @Column('double precision', { nullable: true }) latitude: number | null;
  @Column('double precision', { nullable: true }) longitude: number | null;
}
