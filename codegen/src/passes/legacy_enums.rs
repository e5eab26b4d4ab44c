//! Smithy 1.0 enums (`string` shapes with the `@enum` trait) become `enum`
//! shapes, so emitters handle one kind of enum.

use std::collections::BTreeSet;

use serde_json::{Value, json};

use crate::smithy::{Member, Model, ShapeId, ShapeKind, SimpleType, Traits, UNIT, is_identifier};

/// Converts every string shape carrying `@enum` into an enum shape.
pub fn convert_legacy_enums(model: &mut Model) {
    let ids: Vec<ShapeId> = model
        .shapes()
        .filter(|s| matches!(s.kind, ShapeKind::Simple(SimpleType::String)) && s.traits.legacy_enum.is_some())
        .map(|s| s.id.clone())
        .collect();
    for id in ids {
        let Some(shape) = model.shape_mut(&id) else { continue };
        let Some(values) = shape.traits.legacy_enum.take() else { continue };
        let mut used = BTreeSet::new();
        let members = values
            .into_iter()
            .map(|v| {
                let name = unique(member_name(v.name.as_deref().unwrap_or(&v.value)), &mut used);
                let mut traits = Traits::default();
                // Setting known-good values cannot fail.
                let _ = traits.set("smithy.api#enumValue", Value::String(v.value));
                if let Some(doc) = v.documentation {
                    let _ = traits.set("smithy.api#documentation", Value::String(doc));
                }
                if v.deprecated {
                    let _ = traits.set("smithy.api#deprecated", json!({}));
                }
                Member { id: id.with_member(&name), name, target: ShapeId::parse(UNIT).expect("valid id"), traits }
            })
            .collect();
        shape.kind = ShapeKind::Enum(members);
    }
}

/// A member name from a symbolic name or wire value: identifier characters only.
fn member_name(source: &str) -> String {
    let mut name: String = source.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
    if !is_identifier(&name) {
        name.insert(0, 'V');
    }
    if !is_identifier(&name) {
        name = "Value".into();
    }
    name
}

fn unique(name: String, used: &mut BTreeSet<String>) -> String {
    let mut candidate = name.clone();
    let mut n = 2;
    while !used.insert(candidate.to_ascii_lowercase()) {
        candidate = format!("{name}_{n}");
        n += 1;
    }
    candidate
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::smithy::{load_str, traits::EnumValue};

    #[test]
    fn string_enums_become_enum_shapes_keeping_values() {
        let mut model = load_str(
            "m.json",
            r#"{"smithy": "2.0", "shapes": {"ex#Size": {"type": "string", "traits": {"smithy.api#enum": [
                {"value": "t2.micro"}, {"value": "big", "name": "BIG"}, {"value": "1x"}, {"value": "t2-micro"}]}}}}"#,
        )
        .unwrap();
        convert_legacy_enums(&mut model);
        let ShapeKind::Enum(members) = &model.shape(&ShapeId::new("ex", "Size")).unwrap().kind else { panic!() };
        let names: Vec<&str> = members.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(names, ["t2_micro", "BIG", "V1x", "t2_micro_2"]);
        assert_eq!(members[0].traits.enum_value, Some(EnumValue::String("t2.micro".into())));
    }
}
