//! The AWS partitions behind `aws.partition`, carried as Rust data so the
//! crate needs neither a data file nor a regex engine at run time.
//!
//! The facts follow the Smithy project's `partitions.json` (version 1.1, from
//! `smithy-aws-endpoints`); the workspace test `tests/tests/partitions.rs`
//! compares this table with that file, so update both together.

use super::endpoint_lib::Partition;

/// One partition: which regions it owns and what `aws.partition` returns.
pub struct PartitionFacts {
    /// The partition id, e.g. `aws-us-gov`.
    pub id: &'static str,
    /// Region ids that are not listed but still belong here.
    pub region_pattern: RegionPattern,
    /// The regions listed by name, in the order of the source data.
    pub regions: &'static [RegionFacts],
    /// The partition's outputs before any region override.
    pub outputs: Partition,
}

/// A region listed by a partition.
pub struct RegionFacts {
    /// The region id, e.g. `us-east-1` or `aws-global`.
    pub id: &'static str,
    /// Outputs this region reports differently from its partition.
    pub overrides: Overrides,
}

/// Per-region replacements for a partition's outputs; `None` keeps the
/// partition's value. The source format allows them although no region in the
/// current data uses one.
pub struct Overrides {
    /// Replaces `name`.
    pub name: Option<&'static str>,
    /// Replaces `dnsSuffix`.
    pub dns_suffix: Option<&'static str>,
    /// Replaces `dualStackDnsSuffix`.
    pub dual_stack_dns_suffix: Option<&'static str>,
    /// Replaces `supportsFIPS`.
    pub supports_fips: Option<bool>,
    /// Replaces `supportsDualStack`.
    pub supports_dual_stack: Option<bool>,
    /// Replaces `implicitGlobalRegion`.
    pub implicit_global_region: Option<&'static str>,
}

impl Overrides {
    /// No override: the region reports its partition's outputs.
    pub const NONE: Overrides = Overrides {
        name: None,
        dns_suffix: None,
        dual_stack_dns_suffix: None,
        supports_fips: None,
        supports_dual_stack: None,
        implicit_global_region: None,
    };

    /// The partition's outputs as seen from this region.
    pub fn apply(&self, base: Partition) -> Partition {
        Partition {
            name: self.name.unwrap_or(base.name),
            dns_suffix: self.dns_suffix.unwrap_or(base.dns_suffix),
            dual_stack_dns_suffix: self.dual_stack_dns_suffix.unwrap_or(base.dual_stack_dns_suffix),
            supports_fips: self.supports_fips.unwrap_or(base.supports_fips),
            supports_dual_stack: self.supports_dual_stack.unwrap_or(base.supports_dual_stack),
            implicit_global_region: self.implicit_global_region.unwrap_or(base.implicit_global_region),
        }
    }
}

/// A partition's `regionRegex`. Every pattern in the data has the shape
/// `^(P1|P2|…)\-\w+\-\d+$` where each `Pn` is a literal (an escaped `\-` inside
/// it is a plain `-`), so a region matches when it is some prefix, a `-`, one or
/// more word characters (ASCII letters, digits, `_`), a `-` and one or more
/// ASCII digits, and nothing else.
pub struct RegionPattern {
    /// The alternatives `P1`, `P2`, … with `\-` written as `-`.
    pub prefixes: &'static [&'static str],
}

impl RegionPattern {
    /// Whether the whole of `region` matches the pattern.
    pub fn matches(&self, region: &str) -> bool {
        self.prefixes.iter().any(|prefix| {
            region.strip_prefix(prefix).and_then(|rest| rest.strip_prefix('-')).is_some_and(is_word_dash_digits)
        })
    }
}

/// `\w+\-\d+` anchored at both ends. `\w` cannot match `-`, so the first `-`
/// is the only possible split point and no backtracking is needed.
fn is_word_dash_digits(s: &str) -> bool {
    let Some((word, digits)) = s.split_once('-') else {
        return false;
    };
    let word_char = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    !word.is_empty() && word.bytes().all(word_char) && !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

const fn region(id: &'static str) -> RegionFacts {
    RegionFacts { id, overrides: Overrides::NONE }
}

/// All partitions, in the source order, which decides pattern precedence.
pub static PARTITIONS: &[PartitionFacts] = &[
    PartitionFacts {
        id: "aws",
        // ^(us|eu|ap|sa|ca|me|af|il|mx)\-\w+\-\d+$
        region_pattern: RegionPattern { prefixes: &["us", "eu", "ap", "sa", "ca", "me", "af", "il", "mx"] },
        regions: &[
            region("af-south-1"),
            region("ap-east-1"),
            region("ap-east-2"),
            region("ap-northeast-1"),
            region("ap-northeast-2"),
            region("ap-northeast-3"),
            region("ap-south-1"),
            region("ap-south-2"),
            region("ap-southeast-1"),
            region("ap-southeast-2"),
            region("ap-southeast-3"),
            region("ap-southeast-4"),
            region("ap-southeast-5"),
            region("ap-southeast-6"),
            region("ap-southeast-7"),
            region("ca-central-1"),
            region("ca-west-1"),
            region("eu-central-1"),
            region("eu-central-2"),
            region("eu-north-1"),
            region("eu-south-1"),
            region("eu-south-2"),
            region("eu-west-1"),
            region("eu-west-2"),
            region("eu-west-3"),
            region("il-central-1"),
            region("me-central-1"),
            region("me-south-1"),
            region("mx-central-1"),
            region("sa-east-1"),
            region("us-east-1"),
            region("us-east-2"),
            region("us-west-1"),
            region("us-west-2"),
            region("aws-global"),
        ],
        outputs: Partition {
            name: "aws",
            dns_suffix: "amazonaws.com",
            dual_stack_dns_suffix: "api.aws",
            supports_fips: true,
            supports_dual_stack: true,
            implicit_global_region: "us-east-1",
        },
    },
    PartitionFacts {
        id: "aws-us-gov",
        // ^us\-gov\-\w+\-\d+$
        region_pattern: RegionPattern { prefixes: &["us-gov"] },
        regions: &[region("us-gov-west-1"), region("us-gov-east-1"), region("aws-us-gov-global")],
        outputs: Partition {
            name: "aws-us-gov",
            dns_suffix: "amazonaws.com",
            dual_stack_dns_suffix: "api.aws",
            supports_fips: true,
            supports_dual_stack: true,
            implicit_global_region: "us-gov-west-1",
        },
    },
    PartitionFacts {
        id: "aws-cn",
        // ^cn\-\w+\-\d+$
        region_pattern: RegionPattern { prefixes: &["cn"] },
        regions: &[region("cn-north-1"), region("cn-northwest-1"), region("aws-cn-global")],
        outputs: Partition {
            name: "aws-cn",
            dns_suffix: "amazonaws.com.cn",
            dual_stack_dns_suffix: "api.amazonwebservices.com.cn",
            supports_fips: true,
            supports_dual_stack: true,
            implicit_global_region: "cn-northwest-1",
        },
    },
    PartitionFacts {
        id: "aws-iso",
        // ^us\-iso\-\w+\-\d+$
        region_pattern: RegionPattern { prefixes: &["us-iso"] },
        regions: &[region("us-iso-east-1"), region("us-iso-west-1"), region("aws-iso-global")],
        outputs: Partition {
            name: "aws-iso",
            dns_suffix: "c2s.ic.gov",
            dual_stack_dns_suffix: "api.aws.ic.gov",
            supports_fips: true,
            supports_dual_stack: true,
            implicit_global_region: "us-iso-east-1",
        },
    },
    PartitionFacts {
        id: "aws-iso-b",
        // ^us\-isob\-\w+\-\d+$
        region_pattern: RegionPattern { prefixes: &["us-isob"] },
        regions: &[region("us-isob-east-1"), region("aws-iso-b-global")],
        outputs: Partition {
            name: "aws-iso-b",
            dns_suffix: "sc2s.sgov.gov",
            dual_stack_dns_suffix: "api.aws.scloud",
            supports_fips: true,
            supports_dual_stack: true,
            implicit_global_region: "us-isob-east-1",
        },
    },
    PartitionFacts {
        id: "aws-iso-e",
        // ^eu\-isoe\-\w+\-\d+$
        region_pattern: RegionPattern { prefixes: &["eu-isoe"] },
        regions: &[],
        outputs: Partition {
            name: "aws-iso-e",
            dns_suffix: "cloud.adc-e.uk",
            dual_stack_dns_suffix: "api.cloud-aws.adc-e.uk",
            supports_fips: true,
            supports_dual_stack: true,
            implicit_global_region: "eu-isoe-west-1",
        },
    },
    PartitionFacts {
        id: "aws-iso-f",
        // ^us\-isof\-\w+\-\d+$
        region_pattern: RegionPattern { prefixes: &["us-isof"] },
        regions: &[region("aws-iso-f-global"), region("us-isof-east-1"), region("us-isof-south-1")],
        outputs: Partition {
            name: "aws-iso-f",
            dns_suffix: "csp.hci.ic.gov",
            dual_stack_dns_suffix: "api.aws.hci.ic.gov",
            supports_fips: true,
            supports_dual_stack: true,
            implicit_global_region: "us-isof-south-1",
        },
    },
    PartitionFacts {
        id: "aws-eusc",
        // ^eusc\-(de)\-\w+\-\d+$
        region_pattern: RegionPattern { prefixes: &["eusc-de"] },
        regions: &[region("eusc-de-east-1")],
        outputs: Partition {
            name: "aws-eusc",
            dns_suffix: "amazonaws.eu",
            dual_stack_dns_suffix: "api.amazonwebservices.eu",
            supports_fips: true,
            supports_dual_stack: true,
            implicit_global_region: "eusc-de-east-1",
        },
    },
];
