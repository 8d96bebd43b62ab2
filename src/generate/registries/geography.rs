//! Where generated organisations are: each country's name and continent as GeoNames (and so
//! ROR) write them, and cities of generated names around a point of the country, a few large
//! (the capital first) and many small, as research is spread.

use rand::RngExt;
use rand_pcg::Pcg64Mcg;

use super::{Stream, rng_for};
use crate::generate::{spell, syllables};

/// For each of the seed generator's countries, in its order (`COUNTRIES`): the code, the name
/// and continent code as ROR's records give them, a point (latitude, longitude: the median of
/// the country's ROR locations, rounded) and how far from it, in degrees, its cities lie.
const GEOGRAPHY: [(&str, &str, &str, f64, f64, f64); 150] = [
    ("US", "United States", "NA", 39.00, -84.39, 8.0),
    ("CN", "China", "AS", 31.57, 116.40, 8.0),
    ("GB", "United Kingdom", "EU", 51.56, -0.88, 2.0),
    ("DE", "Germany", "EU", 50.93, 9.77, 2.0),
    ("JP", "Japan", "AS", 35.69, 139.69, 2.0),
    ("FR", "France", "EU", 48.63, 2.35, 2.0),
    ("IN", "India", "AS", 22.16, 77.54, 8.0),
    ("IT", "Italy", "EU", 43.83, 11.34, 2.0),
    ("CA", "Canada", "NA", 45.51, -79.40, 8.0),
    ("KR", "South Korea", "AS", 37.35, 127.00, 2.0),
    ("ES", "Spain", "EU", 40.64, -3.70, 2.0),
    ("AU", "Australia", "OC", -33.87, 149.13, 8.0),
    ("BR", "Brazil", "SA", -22.74, -46.64, 8.0),
    ("RU", "Russia", "EU", 55.75, 37.62, 8.0),
    ("NL", "The Netherlands", "EU", 52.09, 4.89, 2.0),
    ("CH", "Switzerland", "EU", 47.37, 8.45, 2.0),
    ("SE", "Sweden", "EU", 59.33, 17.64, 2.0),
    ("PL", "Poland", "EU", 52.23, 19.94, 2.0),
    ("TR", "Türkiye", "AS", 39.92, 32.48, 2.0),
    ("TW", "Taiwan", "AS", 25.05, 121.53, 2.0),
    ("BE", "Belgium", "EU", 50.85, 4.35, 2.0),
    ("IR", "Iran", "AS", 35.69, 51.42, 8.0),
    ("MX", "Mexico", "NA", 19.54, -99.13, 8.0),
    ("AT", "Austria", "EU", 48.21, 16.37, 2.0),
    ("DK", "Denmark", "EU", 55.68, 12.57, 2.0),
    ("NO", "Norway", "EU", 59.91, 10.75, 2.0),
    ("FI", "Finland", "EU", 60.17, 24.94, 2.0),
    ("IL", "Israel", "AS", 32.07, 34.93, 2.0),
    ("PT", "Portugal", "EU", 38.73, -9.13, 2.0),
    ("CZ", "Czechia", "EU", 50.09, 14.42, 2.0),
    ("GR", "Greece", "EU", 37.98, 23.73, 2.0),
    ("IE", "Ireland", "EU", 53.33, -6.25, 2.0),
    ("ZA", "South Africa", "AF", -26.20, 28.04, 2.0),
    ("NZ", "New Zealand", "OC", -41.17, 174.77, 2.0),
    ("AR", "Argentina", "SA", -34.61, -58.38, 8.0),
    ("SG", "Singapore", "AS", 1.29, 103.85, 0.2),
    ("MY", "Malaysia", "AS", 3.139, 101.69, 2.0),
    ("TH", "Thailand", "AS", 13.75, 100.50, 2.0),
    ("EG", "Egypt", "AF", 30.06, 31.25, 2.0),
    ("SA", "Saudi Arabia", "AS", 24.69, 46.72, 8.0),
    ("PK", "Pakistan", "AS", 31.56, 72.56, 2.0),
    ("HU", "Hungary", "EU", 47.50, 19.04, 2.0),
    ("RO", "Romania", "EU", 44.43, 26.11, 2.0),
    ("CL", "Chile", "SA", -33.46, -70.65, 2.0),
    ("CO", "Colombia", "SA", 4.61, -74.08, 2.0),
    ("UA", "Ukraine", "EU", 50.45, 30.52, 2.0),
    ("ID", "Indonesia", "AS", -6.21, 107.61, 8.0),
    ("NG", "Nigeria", "AF", 7.63, 7.03, 2.0),
    ("KZ", "Kazakhstan", "AS", 46.36, 73.03, 8.0),
    ("VN", "Vietnam", "AS", 17.57, 105.85, 2.0),
    ("HK", "Hong Kong", "AS", 22.28, 114.17, 0.2),
    ("BD", "Bangladesh", "AS", 23.71, 90.41, 2.0),
    ("PH", "Philippines", "AS", 13.93, 121.55, 2.0),
    ("SK", "Slovakia", "EU", 48.15, 17.11, 2.0),
    ("SI", "Slovenia", "EU", 46.05, 14.51, 0.2),
    ("HR", "Croatia", "EU", 45.81, 15.98, 2.0),
    ("RS", "Serbia", "EU", 44.80, 20.47, 2.0),
    ("BG", "Bulgaria", "EU", 42.70, 23.32, 2.0),
    ("LT", "Lithuania", "EU", 54.69, 25.28, 2.0),
    ("LV", "Latvia", "EU", 56.95, 24.11, 2.0),
    ("EE", "Estonia", "EU", 59.44, 24.75, 2.0),
    ("BY", "Belarus", "EU", 53.90, 27.57, 2.0),
    ("PE", "Peru", "SA", -12.04, -77.03, 8.0),
    ("VE", "Venezuela", "SA", 10.49, -66.88, 2.0),
    ("EC", "Ecuador", "SA", -1.03, -78.63, 2.0),
    ("UY", "Uruguay", "SA", -34.90, -56.19, 2.0),
    ("CU", "Cuba", "NA", 23.11, -82.38, 2.0),
    ("TN", "Tunisia", "AF", 36.82, 10.17, 2.0),
    ("MA", "Morocco", "AF", 33.59, -6.83, 2.0),
    ("DZ", "Algeria", "AF", 36.37, 3.09, 8.0),
    ("JO", "Jordan", "AS", 31.96, 35.95, 2.0),
    ("LB", "Lebanon", "AS", 33.89, 35.50, 0.2),
    ("AE", "United Arab Emirates", "AS", 25.08, 55.31, 2.0),
    ("QA", "Qatar", "AS", 25.29, 51.53, 0.2),
    ("KW", "Kuwait", "AS", 29.37, 47.98, 0.2),
    ("OM", "Oman", "AS", 23.58, 58.41, 2.0),
    ("IQ", "Iraq", "AS", 33.34, 44.40, 2.0),
    ("KE", "Kenya", "AF", -1.28, 36.82, 2.0),
    ("ET", "Ethiopia", "AF", 9.02, 38.75, 2.0),
    ("GH", "Ghana", "AF", 5.89, -0.20, 2.0),
    ("TZ", "Tanzania", "AF", -6.44, 38.90, 2.0),
    ("UG", "Uganda", "AF", 0.32, 32.58, 2.0),
    ("CM", "Cameroon", "AF", 4.00, 11.52, 2.0),
    ("SN", "Senegal", "AF", 14.69, -17.18, 2.0),
    ("CI", "Ivory Coast", "AF", 5.35, -4.00, 2.0),
    ("ZW", "Zimbabwe", "AF", -17.83, 31.05, 2.0),
    ("ZM", "Zambia", "AF", -15.41, 28.29, 2.0),
    ("MZ", "Mozambique", "AF", -24.20, 33.91, 2.0),
    ("AO", "Angola", "AF", -8.84, 13.23, 2.0),
    ("LK", "Sri Lanka", "AS", 6.94, 79.88, 2.0),
    ("NP", "Nepal", "AS", 27.70, 85.32, 2.0),
    ("MM", "Myanmar", "AS", 19.75, 96.16, 2.0),
    ("KH", "Cambodia", "AS", 11.56, 104.92, 2.0),
    ("LA", "Laos", "AS", 17.97, 102.60, 2.0),
    ("MN", "Mongolia", "AS", 47.91, 106.88, 8.0),
    ("UZ", "Uzbekistan", "AS", 41.26, 69.22, 2.0),
    ("KG", "Kyrgyzstan", "AS", 42.87, 74.59, 2.0),
    ("TJ", "Tajikistan", "AS", 38.54, 68.78, 2.0),
    ("AZ", "Azerbaijan", "AS", 40.38, 49.89, 2.0),
    ("GE", "Georgia", "AS", 41.69, 44.83, 2.0),
    ("AM", "Armenia", "AS", 40.18, 44.51, 2.0),
    ("CY", "Cyprus", "EU", 35.17, 33.36, 0.2),
    ("MT", "Malta", "EU", 35.89, 14.49, 0.2),
    ("LU", "Luxembourg", "EU", 49.61, 6.08, 0.2),
    ("IS", "Iceland", "EU", 64.14, -21.90, 2.0),
    ("BA", "Bosnia and Herzegovina", "EU", 44.21, 18.36, 2.0),
    ("MK", "North Macedonia", "EU", 42.00, 21.43, 2.0),
    ("AL", "Albania", "EU", 41.33, 19.82, 2.0),
    ("ME", "Montenegro", "EU", 42.44, 19.26, 0.2),
    ("MD", "Moldova", "EU", 47.01, 28.86, 2.0),
    ("BO", "Bolivia", "SA", -17.38, -66.16, 2.0),
    ("PY", "Paraguay", "SA", -25.29, -57.65, 2.0),
    ("CR", "Costa Rica", "NA", 9.93, -84.08, 2.0),
    ("PA", "Panama", "NA", 8.99, -79.52, 2.0),
    ("GT", "Guatemala", "NA", 14.64, -90.51, 2.0),
    ("HN", "Honduras", "NA", 14.34, -87.52, 2.0),
    ("SV", "El Salvador", "NA", 13.69, -89.19, 2.0),
    ("NI", "Nicaragua", "NA", 12.13, -86.25, 2.0),
    ("DO", "Dominican Republic", "NA", 18.47, -69.89, 2.0),
    ("JM", "Jamaica", "NA", 18.04, -77.51, 0.2),
    ("TT", "Trinidad and Tobago", "NA", 10.67, -61.52, 0.2),
    ("BW", "Botswana", "AF", -24.65, 25.91, 2.0),
    ("NA", "Namibia", "AF", -22.56, 17.08, 2.0),
    ("RW", "Rwanda", "AF", -1.95, 30.06, 2.0),
    ("MW", "Malawi", "AF", -13.97, 33.79, 2.0),
    ("MG", "Madagascar", "AF", -18.91, 47.54, 2.0),
    ("MU", "Mauritius", "AF", -20.22, 57.51, 0.2),
    ("BJ", "Benin", "AF", 6.37, 2.42, 2.0),
    ("BF", "Burkina Faso", "AF", 12.37, -1.53, 2.0),
    ("ML", "Mali", "AF", 12.61, -7.98, 2.0),
    ("NE", "Niger", "AF", 13.51, 7.10, 2.0),
    ("TD", "Chad", "AF", 12.11, 15.04, 2.0),
    ("GA", "Gabon", "AF", -0.15, 9.85, 2.0),
    ("CG", "Congo Republic", "AF", -4.27, 15.28, 2.0),
    ("CD", "DR Congo", "AF", -4.33, 23.75, 8.0),
    ("SD", "Sudan", "AF", 15.55, 32.53, 8.0),
    ("LY", "Libya", "AF", 32.75, 13.19, 8.0),
    ("SY", "Syria", "AS", 34.89, 36.63, 2.0),
    ("YE", "Yemen", "AS", 15.35, 44.21, 2.0),
    ("AF", "Afghanistan", "AS", 34.53, 69.17, 2.0),
    ("BH", "Bahrain", "AS", 26.23, 50.59, 0.2),
    ("BN", "Brunei", "AS", 4.89, 114.94, 0.2),
    ("FJ", "Fiji", "OC", -18.14, 178.43, 0.2),
    ("PG", "Papua New Guinea", "OC", -9.48, 147.15, 2.0),
    ("MO", "Macao", "AS", 22.20, 113.55, 0.2),
    ("SM", "San Marino", "EU", 43.94, 12.45, 0.2),
    ("LI", "Liechtenstein", "EU", 47.14, 9.52, 0.2),
    ("MC", "Monaco", "EU", 43.74, 7.42, 0.2),
    ("AD", "Andorra", "EU", 42.46, 1.49, 0.2),
    ("BT", "Bhutan", "AS", 27.47, 89.64, 0.2),
];

/// Continent names by code, as ROR writes them.
fn continent_name(code: &str) -> &'static str {
    match code {
        "AF" => "Africa",
        "AN" => "Antarctica",
        "AS" => "Asia",
        "EU" => "Europe",
        "NA" => "North America",
        "OC" => "Oceania",
        _ => "South America",
    }
}

/// A country as the registries describe it, with its cities.
pub(super) struct Country {
    pub code: &'static str,
    pub name: &'static str,
    pub continent_code: &'static str,
    pub continent_name: &'static str,
    /// Names in the country's own language use this (from the seed generator's vocabulary).
    pub language: &'static crate::generate::Language,
    pub cities: Vec<City>,
    /// A first-level subdivision per ten cities or so, numbered `01`, `02`, ….
    pub subdivisions: Vec<String>,
}

impl Country {
    /// The country's two-letter language code, as ROR's schema wants it (`zh`, not
    /// `zh-Hans`).
    pub fn lang2(&self) -> &'static str {
        let tag = self.language.tag;
        tag.split_once('-').map_or(tag, |(primary, _)| primary)
    }
}

/// A city: organisations of a city share its GeoNames id and coordinates.
pub(super) struct City {
    /// The syllables of its name, to spell it in the country's script too.
    pub syllables: Vec<usize>,
    pub name: String,
    pub geonames_id: u32,
    pub lat: f64,
    pub lng: f64,
    /// Its subdivision, an index into the country's `subdivisions`.
    pub subdivision: u16,
}

/// The seed generator's countries, in its order, each with `cities[c]` cities.
pub(super) fn countries(seed: u64, cities: &[usize]) -> Vec<Country> {
    let codes = crate::generate::COUNTRIES.split_whitespace();
    codes
        .zip(GEOGRAPHY.iter())
        .zip(cities)
        .enumerate()
        .map(|(c, ((entry, geo), &count))| {
            let (code, tag) = entry.split_once(':').expect("CODE:lang");
            let &(geo_code, name, continent, lat, lng, radius) = geo;
            assert_eq!(code, geo_code, "GEOGRAPHY follows COUNTRIES");
            let subdivisions: Vec<String> = (0..count.div_ceil(10).clamp(1, 99))
                .map(|s| {
                    let mut rng = rng_for(seed, Stream::Subdivision, (c << 8 | s) as u64);
                    spell(&syllables(&mut rng, 2, 4), 0)
                })
                .collect();
            let cities = (0..count)
                .map(|k| {
                    let mut rng = rng_for(seed, Stream::City, (c << 16 | k) as u64);
                    let syllables = syllables(&mut rng, 2, 3);
                    // The capital near the point, the others anywhere within the radius.
                    let spread = if k == 0 { radius / 10.0 } else { radius };
                    let dlat = (rng.random::<f64>() * 2.0 - 1.0) * spread;
                    let dlng = (rng.random::<f64>() * 2.0 - 1.0) * spread;
                    City {
                        name: spell(&syllables, 0),
                        syllables,
                        geonames_id: 1_000_000 + (c * 10_000 + k) as u32,
                        lat: round5((lat + dlat).clamp(-89.0, 89.0)),
                        lng: round5(wrap_longitude(lng + dlng)),
                        subdivision: rng.random_range(0..subdivisions.len() as u32) as u16,
                    }
                })
                .collect();
            Country {
                code,
                name,
                continent_code: continent,
                continent_name: continent_name(continent),
                language: crate::generate::language(tag),
                cities,
                subdivisions,
            }
        })
        .collect()
}

/// A city index for a new organisation of a country with `count` cities: the first (the
/// capital) most often, the k-th about 1/k as often, as research is concentrated.
pub(super) fn pick_city(rng: &mut Pcg64Mcg, count: usize) -> u32 {
    let k = ((count as f64 + 1.0).powf(rng.random::<f64>()) - 1.0) as usize;
    k.min(count - 1) as u32
}

/// How many cities a country with `members` organisations has.
pub(super) fn cities_for(members: usize) -> usize {
    (1 + members / 6).min(9_999)
}

fn round5(x: f64) -> f64 {
    (x * 100_000.0).round() / 100_000.0
}

fn wrap_longitude(x: f64) -> f64 {
    if x > 180.0 {
        x - 360.0
    } else if x < -180.0 {
        x + 360.0
    } else {
        x
    }
}

#[cfg(test)]
mod tests {
    use rand::SeedableRng;

    use super::*;

    #[test]
    fn the_geography_follows_the_seed_generator_s_countries() {
        let codes: Vec<&str> = crate::generate::COUNTRIES
            .split_whitespace()
            .map(|e| e.split(':').next().unwrap())
            .collect();
        assert_eq!(codes.len(), GEOGRAPHY.len());
        for (code, geo) in codes.iter().zip(GEOGRAPHY.iter()) {
            assert_eq!(*code, geo.0);
            crate::model::CountryCode::parse(code).unwrap();
        }
        let countries = countries(1, &vec![3; GEOGRAPHY.len()]);
        assert_eq!(countries[1].lang2(), "zh");
        assert!(countries.iter().all(|c| c.cities.len() == 3));
    }

    #[test]
    fn cities_are_mostly_the_capital_and_a_long_tail() {
        let mut rng = Pcg64Mcg::seed_from_u64(3);
        let mut counts = vec![0u32; 100];
        for _ in 0..10_000 {
            counts[pick_city(&mut rng, 100) as usize] += 1;
        }
        assert!(counts[0] > counts[10] * 5, "{counts:?}");
        assert!(counts[99] > 0);
    }
}
