"""Fictional people and places for the demo: names, addresses, postcodes, organisations, bank details.

Postcodes use the made-up areas AN (Anytown) and ZZ, so no address is a real person's. Every name is
Latin-1, because the letters are set in a PDF core font.
"""
from __future__ import annotations

import random

# First names and surnames by background; a tenant usually takes both from one list, sometimes not.
NAMES = [
    (["Oliver", "Amelia", "George", "Isla", "Harry", "Sophie", "Jack", "Emily", "Thomas", "Grace",
      "Daniel", "Chloe", "James", "Megan", "Liam", "Hannah", "Craig", "Kerry", "Wayne", "Donna"],
     ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Evans", "Thomas", "Roberts",
      "Walker", "Wright", "Hughes", "Green", "Hall", "Wood", "Harris", "Clarke", "Turner", "Hill"]),
    (["Aisha", "Imran", "Zara", "Bilal", "Fatima", "Usman", "Priya", "Arjun", "Sunita", "Rajesh",
      "Nadia", "Tariq", "Samina", "Harpreet", "Gurpreet", "Anjali", "Ravi", "Shazia", "Kamal"],
     ["Khan", "Ahmed", "Hussain", "Begum", "Patel", "Ali", "Iqbal", "Shah", "Singh", "Kaur",
      "Sharma", "Chowdhury", "Rahman", "Mistry", "Akhtar", "Malik", "Gill", "Uddin"]),
    (["Chidi", "Ngozi", "Kwame", "Abena", "Tunde", "Folake", "Ama", "Kofi", "Blessing", "Emeka",
      "Adaeze", "Yaw", "Femi", "Temitope"],
     ["Okafor", "Adeyemi", "Mensah", "Boateng", "Okonkwo", "Adebayo", "Asante", "Owusu", "Eze",
      "Balogun", "Nwosu", "Oyelaran"]),
    (["Marcus", "Shanice", "Delroy", "Marcia", "Tyrone", "Jermaine", "Simone", "Leon", "Paulette"],
     ["Campbell", "Francis", "Brown", "Clarke", "Grant", "Morgan", "Reid", "Bailey", "Thompson"]),
    (["Piotr", "Agnieszka", "Tomasz", "Katarzyna", "Marek", "Ewa", "Andrzej", "Magdalena", "Pawel"],
     ["Kowalski", "Nowak", "Wisniewska", "Wojcik", "Kaminski", "Lewandowska", "Zielinski", "Szymanska"]),
    (["Siobhán", "Ciarán", "Niamh", "Eoin", "Aoife", "Declan", "Roisin", "Padraig"],
     ["Murphy", "O'Brien", "Kelly", "O'Sullivan", "Byrne", "McCarthy", "Doyle", "Gallagher"]),
    (["Hamza", "Hodan", "Abdi", "Faduma", "Yusuf", "Amina", "Mohamed", "Sahra"],
     ["Mohamud", "Warsame", "Abdullahi", "Hassan", "Farah", "Osman", "Jama", "Ismail"]),
    (["Wei", "Mei", "Jun", "Lin", "Hao", "Xiu", "Minh", "Thi", "Anh"],
     ["Chen", "Wong", "Li", "Zhang", "Nguyen", "Tran", "Lam", "Cheung"]),
    (["Rhys", "Cerys", "Dylan", "Ffion", "Gareth", "Bethan", "Iain", "Morag", "Callum", "Eilidh"],
     ["Llewellyn", "Pritchard", "Griffiths", "Macdonald", "Stewart", "Robertson", "Campbell-Ross"]),
    (["Elena", "Andrei", "Ioana", "Mihai", "Dimitra", "Nikos", "Sofia", "Mehmet", "Elif", "Ayse"],
     ["Popescu", "Ionescu", "Papadopoulos", "Georgiou", "Yilmaz", "Demir", "Kaya", "Costa"]),
]

STREETS = ["High Street", "Mill Lane", "Church Road", "Station Road", "Victoria Street", "Park Avenue",
           "Queens Road", "Albert Terrace", "Brook Close", "Chapel Walk", "Orchard Way", "Meadow View",
           "Canal Side", "Foundry Row", "Weavers Court", "Elm Grove", "Granary Lane", "Hawthorn Drive",
           "Kingfisher Way", "Lime Street", "Market Place", "Nelson Street", "Priory Road",
           "Rope Walk", "Saxon Gardens", "Tannery Lane", "Union Street", "Wharf Road", "York Crescent"]
# (town, postcode area, districts)
TOWNS = [("Anytown", "AN", range(1, 10)), ("Northgate", "AN", range(10, 13)),
         ("Millbrook", "ZZ", range(1, 5)), ("Eastwick Vale", "ZZ", range(5, 9))]
_INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # the letters a postcode's inward code may use

ORGANISATION_PLACES = ["Northgate", "Millbrook", "Eastwick", "Riverside", "Anyvale", "Brookfield",
                       "Castlegate", "Dunmoor", "Fernhill", "Greystone", "Harbour", "Kingsmead",
                       "Larkrise", "Marsh End", "Oakwood", "Pennine", "Queensbury", "Stonebridge"]
HA_SUFFIXES = ["Housing Association", "Homes", "Housing Trust", "Community Housing", "Living"]
AGENT_SUFFIXES = ["Lettings Ltd", "Property Management", "Estates", "Residential Lettings", "Homes Ltd"]
TITLES = ["Mr", "Mrs", "Ms", "Miss", "Dr"]
SUSPENSION_REASONS = ["Awaiting evidence of rent", "Tenant may have left the property",
                      "Change of circumstances under review", "Awaiting proof of identity",
                      "Returned payment: bank details checked"]


def tenant_name(rng: random.Random) -> tuple[str, str]:
    firsts, lasts = rng.choice(NAMES)
    if rng.random() < 0.15:  # a mixed name, as many are
        firsts = rng.choice(NAMES)[0]
    return rng.choice(firsts), rng.choice(lasts)


def postcode(rng: random.Random, town: int | None = None) -> str:
    _, area, districts = TOWNS[town if town is not None else rng.randrange(len(TOWNS))]
    inward = f"{rng.randrange(10)}{rng.choice(_INWARD_LETTERS)}{rng.choice(_INWARD_LETTERS)}"
    return f"{area}{rng.choice(districts)} {inward}"


def address(rng: random.Random, *, flat: bool = False) -> tuple[str, str]:
    """An address as lines joined by '|', and its postcode."""
    town = rng.randrange(len(TOWNS))
    lines = [f"{rng.randint(1, 240)} {rng.choice(STREETS)}", TOWNS[town][0]]
    if flat:
        lines.insert(0, f"Flat {rng.randint(1, 40)}")
    return "|".join(lines), postcode(rng, town)


def organisation_name(rng: random.Random, kind: str) -> str:
    if kind == "ha":
        return f"{rng.choice(ORGANISATION_PLACES)} {rng.choice(HA_SUFFIXES)}"
    if kind == "agent":
        place_or_name = rng.choice([rng.choice(ORGANISATION_PLACES), tenant_name(rng)[1]])
        return f"{place_or_name} {rng.choice(AGENT_SUFFIXES)}"
    first, last = tenant_name(rng)
    return f"{rng.choice(TITLES)} {first[0]} {last}"


def sort_code(rng: random.Random) -> str:
    return f"{rng.randint(10, 99)}-{rng.randint(0, 99):02d}-{rng.randint(0, 99):02d}"


def account_last4(rng: random.Random) -> str:
    return f"{rng.randrange(10000):04d}"
