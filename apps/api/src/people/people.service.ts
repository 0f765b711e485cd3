import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository, type EntityManager } from 'typeorm';
import { type FieldIssue, FieldIssueCode, ErrorCode, type CreatePersonInput, type PersonPublicView, type PersonView, type UpdatePersonInput } from '@amphi/contracts';
import { Person } from './person.entity';
import { Conflict, NotFound, ValidationFailed, fieldPath } from '../common/domain-errors';
import { isUuid, pgCode, PG_FOREIGN_KEY_VIOLATION } from '../common/ids';

export const toPersonPublicView = (p: Person): PersonPublicView => ({
  id: p.id,
  name: p.name,
  affiliation: p.affiliation,
  title: p.title,
  bio: p.bio,
});
export const toPersonView = (p: Person): PersonView => ({ ...toPersonPublicView(p), email: p.email });

/** The people of an event. Callers have already checked that the organiser manages the event. */
@Injectable()
export class PeopleService {
  constructor(@InjectRepository(Person) private readonly people: Repository<Person>) {}

  list(eventId: string): Promise<Person[]> {
    return this.people.find({ where: { eventId }, order: { name: 'ASC' } });
  }

  async get(eventId: string, personId: string): Promise<Person> {
    const person = isUuid(personId) ? await this.people.findOneBy({ id: personId, eventId }) : null;
    if (!person) throw new NotFound('person');
    return person;
  }

  create(eventId: string, input: CreatePersonInput, manager?: EntityManager): Promise<Person> {
    const repo = manager?.getRepository(Person) ?? this.people;
    return repo.save(
      repo.create({
        eventId,
        name: input.name,
        affiliation: input.affiliation ?? null,
        title: input.title ?? null,
        bio: input.bio ?? null,
        email: input.email ?? null,
      }),
    );
  }

  async update(eventId: string, personId: string, input: UpdatePersonInput): Promise<Person> {
    const person = await this.get(eventId, personId);
    Object.assign(person, input);
    return this.people.save(person);
  }

  async delete(eventId: string, personId: string): Promise<void> {
    const person = await this.get(eventId, personId);
    try {
      await this.people.delete({ id: person.id });
    } catch (error) {
      if (pgCode(error) === PG_FOREIGN_KEY_VIOLATION)
        throw new Conflict(ErrorCode.PersonInUse, { personId: person.id, personName: person.name });
      throw error;
    }
  }

  /**
   * Checks that every referenced id is a person of this event; answers 422 naming each bad field
   * (`chairs.1`, `talks.0.speakers.2`). Returns the people by id.
   */
  async requireAllInEvent(eventId: string, refs: Array<{ field: string; personId: string }>, manager?: EntityManager): Promise<Map<string, Person>> {
    const ids = [...new Set(refs.map((r) => r.personId))];
    const found = ids.length ? await (manager?.getRepository(Person) ?? this.people).findBy({ eventId, id: In(ids) }) : [];
    const byId = new Map(found.map((p) => [p.id, p]));
    const issues: FieldIssue[] = refs.filter((ref) => !byId.has(ref.personId)).map((ref) => ({ path: fieldPath(ref.field), code: FieldIssueCode.UnknownReference }));
    if (issues.length) throw new ValidationFailed(issues);
    return byId;
  }

  /** Retention: the people's e-mail addresses go; their public profile (name, affiliation) stays with the programme. */
  async eraseEmails(manager: EntityManager, eventId: string): Promise<void> {
    await manager.getRepository(Person).update({ eventId }, { email: null });
  }

  async byIds(ids: string[], manager?: EntityManager): Promise<Map<string, Person>> {
    const unique = [...new Set(ids)];
    const found = unique.length ? await (manager?.getRepository(Person) ?? this.people).findBy({ id: In(unique) }) : [];
    return new Map(found.map((p) => [p.id, p]));
  }
}
