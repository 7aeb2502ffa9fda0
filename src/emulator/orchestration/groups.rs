//! Groups: an id, a name and a description; searches filter the id with string operators.

use super::named::named_object;
use super::search::StringFilter;

named_object! {
    Group { group_id: StringFilter },
    create: NewGroup, filter: GroupFilter, sort: GroupField { GroupId },
}
